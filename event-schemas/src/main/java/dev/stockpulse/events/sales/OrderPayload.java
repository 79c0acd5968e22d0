package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

import java.math.BigDecimal;
import java.util.List;

/**
 * The full state of an order, carried by every {@code sales.order.*} event so that a consumer never needs an
 * earlier event to make sense of a later one.
 *
 * @param userId the buyer
 * @param total  as charged; not checked against the lines because discounts and taxes may apply
 * @param reason why the order was rejected or cancelled; absent otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderPayload(String orderId, String userId, String status, List<OrderLine> lines, BigDecimal total,
        String reason) {

    public OrderPayload {
        Checks.requiredText(orderId, "order_id");
        Checks.requiredText(userId, "user_id");
        Checks.requiredText(status, "status");
        lines = Checks.requiredNonEmptyList(lines, "lines");
        Checks.nonNegativeAmount(total, "total");
    }
}
