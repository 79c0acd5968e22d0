package dev.stockpulse.sales.config;

import java.time.Duration;
import java.time.LocalTime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.stockpulse.commons.messaging.ConsumerRetryConfig;

/** Settings of sales-service, under {@code sales.*} (environment: {@code SALES_*}). */
@ConfigMapping(prefix = "sales")
public interface SalesConfig {

    /** Retries of inventory events: {@code sales.consumer.*}. */
    ConsumerRetryConfig consumer();

    Alerts alerts();

    Forecast forecast();

    Analytics analytics();

    interface Analytics {
        /** Time of day (UTC) from which the day just ended is summarised. */
        @WithDefault("00:15")
        LocalTime dailyAt();

        /**
         * How often tenants without a summary of the day just ended (or a report of the month just ended) are looked
         * for, once {@code daily-at} has passed; a run missed while the service was down is made up at the next check.
         */
        @WithDefault("5m")
        Duration checkInterval();
    }

    interface Forecast {
        /** Days forecast ahead, from today (UTC). */
        @WithDefault("28")
        int horizon();

        /** Probability of the prediction intervals. */
        @WithDefault("0.8")
        double level();

        /** Most recent days of demand history a forecast is fitted to. */
        @WithDefault("730")
        int historyDays();

        /** How often every series of every tenant is retrained, whether or not it sold since. */
        @WithDefault("168h")
        Duration retrainInterval();

        /** How often series with new history are looked for. */
        @WithDefault("10m")
        Duration checkInterval();

        /** A series is retrained at the next check once this many of its closed days changed since its last fit. */
        @WithDefault("1")
        int retrainAfterNewDays();

        /**
         * {@code sales.forecast.updated} is published when the demand expected over the horizon moved by more than
         * this percentage from the forecast last published.
         */
        @WithDefault("10")
        double updateThresholdPercent();

        /** Origins, a week apart, of the rolling-origin backtest run on each series at each retraining. */
        @WithDefault("4")
        int backtestOrigins();
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

        /**
         * Probability that a reorder suggested from the forecast covers the demand until the next one arrives: sets
         * the safety stock.
         */
        @WithDefault("0.95")
        double serviceLevel();

        /** Days between two reorders of a product, covered by a reorder on top of the lead time. */
        @WithDefault("7")
        double reviewPeriodDays();

        /** Stock on hand with no sale for this many days is {@code dead_stock}; twice as long raises its priority. */
        @WithDefault("60")
        int deadStockDays();

        /** How often the dead-stock scan runs. */
        @WithDefault("1h")
        Duration deadStockScanInterval();
    }
}
