package dev.stockpulse.inventory.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of inventory-service, under {@code inventory.*} (environment: {@code INVENTORY_*}). */
@ConfigMapping(prefix = "inventory")
public interface InventoryConfig {

    /** Whether stock may go below zero (backorders); when false such an adjustment is refused with 409. */
    @WithDefault("false")
    boolean allowBackorders();

    /** Days of outbound (sale) movements averaged to estimate days of stock remaining. */
    @WithDefault("14")
    int demandWindowDays();

    Outbox outbox();

    interface Outbox {
        /** Safety-net poll of the outbox; a committed change normally wakes the relay at once. */
        @WithDefault("2s")
        Duration pollInterval();

        /** Outbox rows published per relay round. */
        @WithDefault("200")
        int batchSize();
    }
}
