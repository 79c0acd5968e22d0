package dev.stockpulse.events.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

/**
 * {@code inventory.out_of_stock}: the stock of a product reached zero (or below, on backorder).
 *
 * @param warehouseId absent when the level is summed over all warehouses
 * @param location    a human-readable place, e.g. "Warehouse A"
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutOfStockPayload(
        String productId,
        String productSku,
        String productName,
        @JsonProperty(required = true) long reorderLevel,
        @JsonProperty(required = true) long reorderQuantity,
        String warehouseId,
        String location) {

    public OutOfStockPayload {
        Checks.requiredText(productId, "product_id");
        Checks.requiredText(productSku, "product_sku");
        Checks.requiredText(productName, "product_name");
        Checks.nonNegative(reorderLevel, "reorder_level");
        Checks.nonNegative(reorderQuantity, "reorder_quantity");
    }
}
