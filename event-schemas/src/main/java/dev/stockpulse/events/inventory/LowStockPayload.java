package dev.stockpulse.events.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

import java.math.BigDecimal;

/**
 * {@code inventory.low_stock}: the ERP system's low-stock event, field for field, plus the warehouse.
 *
 * @param currentStock         may be negative: a negative stock is a backorder
 * @param location             a human-readable place, e.g. "Warehouse A"
 * @param daysOfStockRemaining absent when there is no sales history to estimate it from
 * @param warehouseId          absent when the level is summed over all warehouses
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LowStockPayload(
        String productId,
        String productSku,
        String productName,
        @JsonProperty(required = true) long currentStock,
        @JsonProperty(required = true) long reorderLevel,
        @JsonProperty(required = true) long reorderQuantity,
        BigDecimal unitPrice,
        String category,
        String location,
        Double daysOfStockRemaining,
        String warehouseId) {

    public LowStockPayload {
        Checks.requiredText(productId, "product_id");
        Checks.requiredText(productSku, "product_sku");
        Checks.requiredText(productName, "product_name");
        Checks.nonNegative(reorderLevel, "reorder_level");
        Checks.nonNegative(reorderQuantity, "reorder_quantity");
        Checks.nonNegativeAmount(unitPrice, "unit_price");
        Checks.optionalNonNegativeFinite(daysOfStockRemaining, "days_of_stock_remaining");
    }
}
