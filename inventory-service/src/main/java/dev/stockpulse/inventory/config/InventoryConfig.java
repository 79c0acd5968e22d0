package dev.stockpulse.inventory.config;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.stockpulse.commons.messaging.ConsumerRetryConfig;

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

    /** Retries of order events from sales-events: {@code inventory.consumer.*}. */
    ConsumerRetryConfig consumer();
}
