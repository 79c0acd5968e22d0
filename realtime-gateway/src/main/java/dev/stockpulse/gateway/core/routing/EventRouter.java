package dev.stockpulse.gateway.core.routing;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;


/**
 * Decides the channel and the rooms of an event from its type, tenant and addressee alone, so the Kafka consumer
 * can decide from the record headers whether the body is worth parsing. Pure: no state, no I/O.
 */
@ApplicationScoped
public class EventRouter {

    /**
     * The channel of an event type. Matching is by prefix so that a new type within a family (a future
     * {@code inventory.stock.adjusted}) lands in the right channel without a gateway release.
     */
    public Optional<Channel> channelOf(String eventType) {
        if (eventType == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (eventType) {
            // The answers to an order concern the buyer, not everyone watching stock.
            case "inventory.stock.reserved", "inventory.stock.reservation_failed" -> Channel.ORDERS;
            case "inventory.low_stock", "inventory.out_of_stock" -> Channel.STOCK;
            case "sales.notification" -> Channel.NOTIFICATIONS;
            default -> byFamily(eventType);
        });
    }

    /**
     * The route of an event, or empty when it has no audience: an unknown type, an event without a usable tenant, a
     * notification without an addressee.
     *
     * @param userId the user the event is for, if any (metadata {@code user_id})
     */
    public Optional<Route> route(String eventType, String tenantId, String userId) {
        if (tenantId == null || tenantId.isBlank() || tenantId.indexOf(':') >= 0) {
            return Optional.empty();
        }
        boolean addressed = userId != null && !userId.isBlank();
        return channelOf(eventType).flatMap(channel -> switch (channel) {
            case STOCK, PRODUCTS, ALERTS, FORECASTS, ANALYTICS -> Optional.of(new Route(channel, List.of(Rooms.tenant(tenantId))));
            // The tenant's admins follow every order; the buyer follows their own.
            case ORDERS -> Optional.of(new Route(channel, addressed
                    ? List.of(Rooms.user(tenantId, userId), Rooms.admin(tenantId))
                    : List.of(Rooms.admin(tenantId))));
            case NOTIFICATIONS -> addressed
                    ? Optional.of(new Route(channel, List.of(Rooms.user(tenantId, userId))))
                    : Optional.empty();
            case ALL -> Optional.empty();
        });
    }

    private static Channel byFamily(String eventType) {
        if (hasPrefix(eventType, "inventory.stock.")) {
            return Channel.STOCK;
        }
        if (hasPrefix(eventType, "inventory.product.")) {
            return Channel.PRODUCTS;
        }
        if (hasPrefix(eventType, "sales.alert.")) {
            return Channel.ALERTS;
        }
        if (hasPrefix(eventType, "sales.order.")) {
            return Channel.ORDERS;
        }
        if (hasPrefix(eventType, "sales.forecast.")) {
            return Channel.FORECASTS;
        }
        if (hasPrefix(eventType, "sales.analytics.")) {
            return Channel.ANALYTICS;
        }
        return null;
    }

    private static boolean hasPrefix(String eventType, String prefix) {
        return eventType.length() > prefix.length() && eventType.startsWith(prefix);
    }
}
