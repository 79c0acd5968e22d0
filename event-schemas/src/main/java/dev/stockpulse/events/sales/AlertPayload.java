package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;
import dev.stockpulse.events.Priority;

import java.util.List;

/**
 * The full state of a stock alert, carried by every {@code sales.alert.*} event.
 *
 * <p>{@code kind} and {@code status} are strings, not enums, so that a consumer built before a new kind existed
 * still reads the alert; the JSON Schemas hold producers to the known values below.
 *
 * @param kind         one of the {@code KIND_*} constants
 * @param status       one of the {@code STATUS_*} constants, matching the event: {@code sales.alert.raised} carries
 *                     {@code raised}, and so on
 * @param ordersAtRisk pending orders the shortage hits, if sales-service found any
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertPayload(
        String alertId,
        String kind,
        String status,
        String productId,
        String productSku,
        String productName,
        Priority priority,
        Long currentStock,
        Long reorderLevel,
        Double daysOfStockRemaining,
        ReorderSuggestion reorderSuggestion,
        List<String> ordersAtRisk,
        String message) {

    public static final String KIND_LOW_STOCK = "low_stock";
    public static final String KIND_OUT_OF_STOCK = "out_of_stock";
    public static final String KIND_REORDER_NEEDED = "reorder_needed";
    public static final String KIND_STOCKOUT_RISK = "stockout_risk";
    public static final String KIND_DEAD_STOCK = "dead_stock";

    public static final String STATUS_RAISED = "raised";
    public static final String STATUS_ESCALATED = "escalated";
    public static final String STATUS_ACKNOWLEDGED = "acknowledged";
    public static final String STATUS_RESOLVED = "resolved";

    public AlertPayload {
        Checks.requiredText(alertId, "alert_id");
        Checks.requiredText(kind, "kind");
        Checks.requiredText(status, "status");
        Checks.requiredText(productId, "product_id");
        Checks.required(priority, "priority");
        Checks.optionalNonNegative(reorderLevel, "reorder_level");
        Checks.optionalNonNegativeFinite(daysOfStockRemaining, "days_of_stock_remaining");
        ordersAtRisk = Checks.optionalList(ordersAtRisk, "orders_at_risk");
    }
}
