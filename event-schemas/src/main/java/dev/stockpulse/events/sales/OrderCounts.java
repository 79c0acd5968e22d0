package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

/**
 * Orders that reached each status within a period (an order confirmed and delivered the same day counts in both).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OrderCounts(
        @JsonProperty(required = true) long created,
        @JsonProperty(required = true) long confirmed,
        @JsonProperty(required = true) long rejected,
        @JsonProperty(required = true) long delivered,
        @JsonProperty(required = true) long cancelled) {

    public static final OrderCounts NONE = new OrderCounts(0, 0, 0, 0, 0);

    public OrderCounts {
        Checks.nonNegative(created, "created");
        Checks.nonNegative(confirmed, "confirmed");
        Checks.nonNegative(rejected, "rejected");
        Checks.nonNegative(delivered, "delivered");
        Checks.nonNegative(cancelled, "cancelled");
    }

    public OrderCounts plus(OrderCounts other) {
        return new OrderCounts(created + other.created, confirmed + other.confirmed, rejected + other.rejected,
                delivered + other.delivered, cancelled + other.cancelled);
    }
}
