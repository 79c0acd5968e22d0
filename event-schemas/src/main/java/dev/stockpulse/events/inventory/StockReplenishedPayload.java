package dev.stockpulse.events.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

/**
 * {@code inventory.stock.replenished}: stock rose, typically back above the reorder level after a low-stock or
 * out-of-stock event, so that open alerts can be resolved.
 *
 * @param warehouseId absent when the level is summed over all warehouses
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StockReplenishedPayload(
        String productId,
        String productSku,
        String productName,
        @JsonProperty(required = true) long previousStock,
        @JsonProperty(required = true) long currentStock,
        @JsonProperty(required = true) long reorderLevel,
        String warehouseId) {

    public StockReplenishedPayload {
        Checks.requiredText(productId, "product_id");
        Checks.requiredText(productSku, "product_sku");
        Checks.requiredText(productName, "product_name");
        Checks.nonNegative(reorderLevel, "reorder_level");
        if (currentStock <= previousStock) {
            throw new IllegalArgumentException("current_stock must be greater than previous_stock " + previousStock
                    + " for a replenishment, was " + currentStock);
        }
    }
}
