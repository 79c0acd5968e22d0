package dev.stockpulse.sales.order.service;

import java.util.List;
import java.util.Optional;

import dev.stockpulse.events.sales.NotificationPayload;
import dev.stockpulse.sales.order.OrderLineItem;
import dev.stockpulse.sales.order.SalesOrder;

/**
 * What the buyer is told, in words ({@code sales.notification}), when the outcome of their order is known: confirmed,
 * rejected (with the reason), delivered. Nothing for a pending order or a cancel, which the buyer or staff did
 * themselves.
 */
public final class OrderNotifications {

    private OrderNotifications() {
    }

    /**
     * @param order          as it is after the transition, with its status, total and reason
     * @param lines          its lines, for the number of items
     * @param notificationId the new notification's id
     */
    public static Optional<NotificationPayload> of(SalesOrder order, List<OrderLineItem> lines, String notificationId) {
        long items = lines.stream().mapToLong(l -> l.quantity).sum();
        String what = "Your order of " + items + (items == 1 ? " item" : " items") + " (total "
                + order.total.toPlainString() + ")";
        return switch (order.status()) {
            case CONFIRMED -> Optional.of(new NotificationPayload(notificationId, order.userId, "Order confirmed",
                    what + " is confirmed: the stock is reserved for you.", NotificationPayload.LEVEL_SUCCESS));
            case REJECTED -> Optional.of(new NotificationPayload(notificationId, order.userId, "Order rejected",
                    what + " could not be accepted: " + order.reason() + ".", NotificationPayload.LEVEL_ERROR));
            case DELIVERED -> Optional.of(new NotificationPayload(notificationId, order.userId, "Order delivered",
                    what + " has been delivered.", NotificationPayload.LEVEL_SUCCESS));
            case PENDING, CANCELLED -> Optional.empty();
        };
    }
}
