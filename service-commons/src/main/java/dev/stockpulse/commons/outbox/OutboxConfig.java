package dev.stockpulse.commons.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a service's outbox is relayed and cleaned up: {@code stockpulse.outbox.*} (environment: {@code STOCKPULSE_OUTBOX_*}). */
@ConfigMapping(prefix = "stockpulse.outbox")
public interface OutboxConfig {

    /** How often the relay looks for unsent events; a commit wakes it at once, so this is only the safety net. */
    @WithDefault("2s")
    Duration pollInterval();

    /** Events published per relay round. */
    @WithDefault("200")
    int batchSize();

    /**
     * Attempts after which a row failing with an error the relay does not recognise is parked (a record Kafka can
     * never accept is parked at once; broker and network failures are retried until they heal).
     */
    @WithDefault("10")
    int parkAfterAttempts();

    /** How long sent events stay in the outbox table (for inspection) before cleanup deletes them. */
    @WithDefault("24h")
    Duration retention();

    /** How often sent events past their retention are deleted. */
    @WithDefault("15m")
    Duration cleanupInterval();
}
