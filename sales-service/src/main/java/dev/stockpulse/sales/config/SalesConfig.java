package dev.stockpulse.sales.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of sales-service, under {@code sales.*} (environment: {@code SALES_*}). */
@ConfigMapping(prefix = "sales")
public interface SalesConfig {

    Consumer consumer();

    Outbox outbox();

    Alerts alerts();

    interface Consumer {
        /** First wait before retrying an event whose processing failed for a transient reason (database down). */
        @WithDefault("200ms")
        Duration retryInitialBackoff();

        /** Longest wait between retries; the record is retried until it succeeds, never skipped. */
        @WithDefault("10s")
        Duration retryMaxBackoff();
    }

    interface Outbox {
        /** How often the relay looks for unsent events; a commit wakes it at once, so this is only the safety net. */
        @WithDefault("2s")
        Duration pollInterval();

        /** Events published per relay round. */
        @WithDefault("200")
        int batchSize();

        /** How long sent events stay in the outbox table (for inspection) before cleanup deletes them. */
        @WithDefault("24h")
        Duration retention();

        /** How often sent events past their retention are deleted. */
        @WithDefault("15m")
        Duration cleanupInterval();
    }

    interface Alerts {
        /** A {@code stockout_risk} alert is raised when fewer than this many days of stock remain. */
        @WithDefault("7")
        double stockoutRiskDays();

        /**
         * Days a reorder takes to arrive. A low level that will not last that long (or cannot serve the pending
         * orders) raises {@code reorder_needed} next to {@code low_stock}.
         */
        @WithDefault("14")
        double reorderLeadTimeDays();

        /** Stock on hand with no sale for this many days is {@code dead_stock}; twice as long raises its priority. */
        @WithDefault("60")
        int deadStockDays();

        /** How often the dead-stock scan runs. */
        @WithDefault("1h")
        Duration deadStockScanInterval();
    }
}
