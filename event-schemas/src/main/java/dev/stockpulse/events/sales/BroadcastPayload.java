package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

/**
 * {@code sales.alert.broadcast}: an announcement to everyone of a tenant, not tied to a product's alert lifecycle (an
 * admin's "warehouse closes at 6", or a test event sent to check that the stream works end to end).
 *
 * @param level              one of the {@code LEVEL_*} constants
 * @param productId          the product it is about, if any
 * @param requestedEventType for a test event, the event name its sender asked for (seed 000's {@code emit-event}),
 *                           which that seed's dialect shows as the event's name; absent otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BroadcastPayload(String broadcastId, String level, String title, String message, String productId,
        String requestedEventType) {

    public static final String LEVEL_INFO = "info";
    public static final String LEVEL_SUCCESS = "success";
    public static final String LEVEL_WARNING = "warning";
    public static final String LEVEL_ERROR = "error";
    public static final String LEVEL_CRITICAL = "critical";

    public BroadcastPayload {
        Checks.requiredText(broadcastId, "broadcast_id");
        Checks.requiredText(level, "level");
        Checks.requiredText(title, "title");
        Checks.requiredText(message, "message");
    }
}
