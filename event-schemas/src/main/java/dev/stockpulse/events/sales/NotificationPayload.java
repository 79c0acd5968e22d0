package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

/**
 * {@code sales.notification}: a message for one user. The metadata's {@code user_id} must be the same user, because
 * the gateway routes on the metadata; {@link dev.stockpulse.events.EventCodec} enforces it.
 *
 * @param level one of the {@code LEVEL_*} constants; a string for the same reason as {@link AlertPayload#kind()}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationPayload(String notificationId, String userId, String title, String message, String level) {

    public static final String LEVEL_INFO = "info";
    public static final String LEVEL_SUCCESS = "success";
    public static final String LEVEL_WARNING = "warning";
    public static final String LEVEL_ERROR = "error";

    public NotificationPayload {
        Checks.requiredText(notificationId, "notification_id");
        Checks.requiredText(userId, "user_id");
        Checks.requiredText(title, "title");
        Checks.requiredText(message, "message");
        Checks.requiredText(level, "level");
    }
}
