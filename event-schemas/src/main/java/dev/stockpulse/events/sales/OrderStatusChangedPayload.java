package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

/**
 * {@code sales.order.status_changed}: an order moved from one status to another, as a producer outside StockPulse
 * reports it (seed 002's order service publishes {@code {orderId, buyerId, status, previousStatus, updatedAt}}, with
 * no lines). The realtime gateway makes it from a topic an operator bound to it, and publishes it on
 * {@code sales-events} for an admin's seed-002 order broadcast; no service acts on it.
 * Unlike {@link OrderPayload} it is not the order's full state, and its statuses are the producer's own words
 * ({@code processing}, {@code shipped}, …), so a consumer must not read them as StockPulse's order states.
 *
 * @param userId         the buyer
 * @param previousStatus the status before, when the producer says
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderStatusChangedPayload(String orderId, String userId, String status, String previousStatus) {

    public OrderStatusChangedPayload {
        Checks.requiredText(orderId, "order_id");
        Checks.requiredText(userId, "user_id");
        Checks.requiredText(status, "status");
    }
}
