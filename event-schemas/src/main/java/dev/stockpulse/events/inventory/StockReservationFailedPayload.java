package dev.stockpulse.events.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

import java.util.List;

/**
 * {@code inventory.stock.reservation_failed}: inventory-service's answer to an order it could not serve; nothing
 * of the order stays reserved.
 *
 * @param reason     e.g. {@code insufficient_stock} or {@code unknown_product}
 * @param shortLines the products that were short; empty when the order failed for another reason
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StockReservationFailedPayload(String orderId, String reason, List<ShortLine> shortLines) {

    public StockReservationFailedPayload {
        Checks.requiredText(orderId, "order_id");
        Checks.requiredText(reason, "reason");
        shortLines = Checks.requiredList(shortLines, "short_lines");
    }
}
