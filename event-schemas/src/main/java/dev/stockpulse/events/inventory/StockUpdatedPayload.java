package dev.stockpulse.events.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

/**
 * {@code inventory.stock.updated}: one stock movement of one product in one warehouse.
 *
 * <p>The realtime systems we replace named these fields differently; a client migrating from them maps
 * {@code previous_stock}, {@code old_stock}, {@code oldStock} and {@code previousStock} to
 * {@code previous_quantity}; {@code current_stock}, {@code new_stock}, {@code newStock} and {@code stock} to
 * {@code current_quantity}; the adjustment {@code quantity} to {@code delta} and {@code action} or
 * {@code actionType} to {@code reason}. We publish one name per fact rather than aliases, which would double every
 * field and tie the contract to three legacy clients.
 *
 * @param previousQuantity may be negative: a negative stock is a backorder
 * @param delta            always {@code currentQuantity - previousQuantity}, checked here
 * @param reason           why the stock moved: {@code sale}, {@code receipt}, {@code adjustment},
 *                         {@code reservation}, ...
 * @param movementId       the stock movement row that recorded the change, if there is one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StockUpdatedPayload(
        String productId,
        String productSku,
        String warehouseId,
        @JsonProperty(required = true) long previousQuantity,
        @JsonProperty(required = true) long currentQuantity,
        @JsonProperty(required = true) long delta,
        String reason,
        String movementId) {

    public StockUpdatedPayload {
        Checks.requiredText(productId, "product_id");
        Checks.requiredText(productSku, "product_sku");
        Checks.requiredText(warehouseId, "warehouse_id");
        Checks.requiredText(reason, "reason");
        if (delta != Math.subtractExact(currentQuantity, previousQuantity)) {
            throw new IllegalArgumentException("delta must be current_quantity - previous_quantity = "
                    + (currentQuantity - previousQuantity) + ", was " + delta);
        }
    }
}
