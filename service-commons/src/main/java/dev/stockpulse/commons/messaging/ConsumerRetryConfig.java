package dev.stockpulse.commons.messaging;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/** How a {@link ResilientConsumer} waits between attempts at a record that failed for a transient reason. */
public interface ConsumerRetryConfig {

    /** First wait before retrying a record whose processing failed for a transient reason (database unreachable). */
    @WithDefault("200ms")
    Duration retryInitialBackoff();

    /** Longest wait between retries; the record is retried until it succeeds, never skipped. */
    @WithDefault("10s")
    Duration retryMaxBackoff();
}
