package dev.stockpulse.events.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

import java.util.List;

/** {@code inventory.stock.reserved}: inventory-service's answer to an order it could serve in full. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StockReservedPayload(String orderId, List<ReservedLine> lines) {

    public StockReservedPayload {
        Checks.requiredText(orderId, "order_id");
        lines = Checks.requiredNonEmptyList(lines, "lines");
    }
}
