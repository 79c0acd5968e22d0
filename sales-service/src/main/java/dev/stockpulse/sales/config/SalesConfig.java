package dev.stockpulse.sales.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of sales-service, under {@code sales.*} (environment: {@code SALES_*}). */
@ConfigMapping(prefix = "sales")
public interface SalesConfig {

    Consumer consumer();

    interface Consumer {
        /** First wait before retrying an event whose processing failed for a transient reason (database down). */
        @WithDefault("200ms")
        Duration retryInitialBackoff();

        /** Longest wait between retries; the record is retried until it succeeds, never skipped. */
        @WithDefault("10s")
        Duration retryMaxBackoff();
    }
}
