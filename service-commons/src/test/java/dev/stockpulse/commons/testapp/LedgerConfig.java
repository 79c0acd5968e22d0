package dev.stockpulse.commons.testapp;

import dev.stockpulse.commons.messaging.ConsumerRetryConfig;
import io.smallrye.config.ConfigMapping;

/** The test consumer's settings: {@code ledger.*}, nesting the backoff as a service nests it. */
@ConfigMapping(prefix = "ledger")
public interface LedgerConfig {

    /** The backoff between attempts at a record that failed for a transient reason. */
    ConsumerRetryConfig consumer();
}
