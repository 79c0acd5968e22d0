package dev.stockpulse.inventory.config;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of inventory-service, under {@code inventory.*} (environment: {@code INVENTORY_*}). */
@ConfigMapping(prefix = "inventory")
public interface InventoryConfig {

    /** Whether every tenant may take stock below zero (backorders); otherwise such an adjustment is a 409. */
    @WithDefault("false")
    boolean allowBackorders();

    /** Tenants that allow backorders although {@link #allowBackorders()} is off (comma-separated tenant ids). */
    Optional<Set<String>> backorderTenants();

    default boolean allowsBackorders(String tenantId) {
        return allowBackorders() || backorderTenants().map(tenants -> tenants.contains(tenantId)).orElse(false);
    }

    /** Days of outbound (sale) movements averaged to estimate days of stock remaining. */
    @WithDefault("14")
    int demandWindowDays();

    /** How often low stock levels are re-evaluated, so that priority rises with time alone. */
    @WithDefault("5m")
    Duration reevaluationInterval();

    Outbox outbox();

    Consumer consumer();

    interface Consumer {
        /** First wait before retrying an order event whose processing failed for a transient reason. */
        @WithDefault("200ms")
        Duration retryInitialBackoff();

        /** Longest wait between retries; the record is retried until it succeeds, never skipped. */
        @WithDefault("10s")
        Duration retryMaxBackoff();
    }

    interface Outbox {
        /** Safety-net poll of the outbox; a committed change normally wakes the relay at once. */
        @WithDefault("2s")
        Duration pollInterval();

        /** Outbox rows published per relay round. */
        @WithDefault("200")
        int batchSize();

        /** Sent rows older than this are deleted by the cleanup; unsent rows are never deleted. */
        @WithDefault("24h")
        Duration retention();

        /** How often the cleanup runs. */
        @WithDefault("15m")
        Duration cleanupInterval();
    }
}
