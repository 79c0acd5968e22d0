package dev.stockpulse.sales.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.stockpulse.commons.messaging.ConsumerRetryConfig;

/** Settings of sales-service, under {@code sales.*} (environment: {@code SALES_*}). */
@ConfigMapping(prefix = "sales")
public interface SalesConfig {

    /** Retries of inventory events: {@code sales.consumer.*}. */
    ConsumerRetryConfig consumer();

    Alerts alerts();

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
