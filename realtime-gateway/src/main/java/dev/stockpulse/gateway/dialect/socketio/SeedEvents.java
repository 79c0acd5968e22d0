package dev.stockpulse.gateway.dialect.socketio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a StockPulse event is called, and looks like, on the Socket.IO endpoint: the names and camelCase fields of the
 * NestJS realtime service (seed 002) and of the React inventory app (seed 003), each payload with StockPulse's own
 * fields added ({@code eventId}, {@code eventType}, {@code priority}, {@code tenantId}, and {@code data}, the event's
 * payload as the event contract spells it). An event with no name in either seed keeps its StockPulse type as its
 * name and the {@code /ws} frame as its payload. Pure: from the {@code /ws} event frame to the Socket.IO events.
 */
final class SeedEvents {

    /** Who of a frame's recipients gets an event. */
    enum Audience {
        /** Every connection the frame reaches. */
        EVERYONE,
        /** Only the connection of the user the event is about (the buyer of an order). */
        OWNER,
        /** Only admins who sent {@code subscribe:admin}. */
        ADMINS
    }

    record Named(Audience audience, String name, ObjectNode payload) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SeedEvents() {
    }

    /** @param frame the {@code /ws} event frame: {@code event_type}, {@code timestamp}, {@code data}, … */
    static List<Named> of(JsonNode frame) {
        String type = frame.path("event_type").asText();
        JsonNode data = frame.path("data");
        List<Named> events = new ArrayList<>(3);
        switch (type) {
            case "sales.order.created" -> order(events, frame, data, "order:created", "admin:order:created", null);
            case "sales.order.confirmed", "sales.order.rejected" ->
                order(events, frame, data, "order:updated", "admin:order:updated", "pending");
            case "sales.order.delivered" ->
                order(events, frame, data, "order:updated", "admin:order:updated", "confirmed");
            case "sales.order.cancelled" -> order(events, frame, data, "order:cancelled", "admin:order:updated", null);
            case "sales.order.status_changed" -> order(events, frame, data, "order:updated", "admin:order:updated",
                    data.path("previous_status").asText(null));
            case "inventory.stock.updated" -> stock(events, frame, data, data.path("previous_quantity"),
                    data.path("current_quantity"), data.path("delta"));
            case "inventory.stock.replenished" -> stock(events, frame, data, data.path("previous_stock"),
                    data.path("current_stock"), JSON.numberNode(data.path("current_stock").asLong()
                            - data.path("previous_stock").asLong()));
            case "inventory.product.created" -> product(events, frame, data, "product:created", "created");
            case "inventory.product.updated" -> product(events, frame, data, "product:updated", "updated");
            case "inventory.product.deleted" -> product(events, frame, data, "product:deleted", "deleted");
            case "inventory.low_stock" -> itemAlert(events, frame, data, "low_stock", "Low stock");
            case "inventory.out_of_stock" -> itemAlert(events, frame, data, "out_of_stock", "Out of stock");
            case "sales.alert.raised", "sales.alert.escalated", "sales.alert.acknowledged", "sales.alert.resolved" -> {
                events.add(new Named(Audience.EVERYONE, type, (ObjectNode) frame.deepCopy()));
                events.add(new Named(Audience.ADMINS, "admin:alert", adminAlert(frame, data)));
            }
            case "sales.notification" -> events.add(new Named(Audience.EVERYONE, "notification", notification(frame,
                    data)));
            default -> events.add(new Named(Audience.EVERYONE, type, (ObjectNode) frame.deepCopy()));
        }
        return events;
    }

    private static void order(List<Named> events, JsonNode frame, JsonNode data, String name, String adminName,
            String previousStatus) {
        ObjectNode payload = JSON.objectNode();
        payload.set("orderId", data.path("order_id"));
        payload.set("userId", data.path("user_id"));
        payload.set("buyerId", data.path("user_id"));
        payload.set("status", data.path("status"));
        if (previousStatus != null) {
            payload.put("previousStatus", previousStatus);
        }
        // A status change reported by a bound topic's producer carries neither.
        if (data.has("total")) {
            payload.set("total", data.path("total"));
            payload.set("items", data.path("lines"));
        }
        if (data.hasNonNull("reason")) {
            payload.set("reason", data.path("reason"));
        }
        payload.set(name.equals("order:created") ? "createdAt" : "updatedAt", frame.path("timestamp"));
        ours(payload, frame);
        events.add(new Named(Audience.OWNER, name, payload));
        events.add(new Named(Audience.ADMINS, adminName, payload));
    }

    /** Seed 002's {@code inventory:updated} (and its admin view) and seed 003's {@code inventory:update}. */
    private static void stock(List<Named> events, JsonNode frame, JsonNode data, JsonNode previous, JsonNode current,
            JsonNode delta) {
        ObjectNode payload = JSON.objectNode();
        payload.set("productId", data.path("product_id"));
        payload.set("sku", data.path("product_sku"));
        if (data.hasNonNull("product_name")) {
            payload.set("productName", data.path("product_name"));
        }
        payload.set("stock", current);
        payload.set("previousStock", previous);
        if (data.hasNonNull("warehouse_id")) {
            payload.set("warehouseId", data.path("warehouse_id"));
        }
        payload.set("updatedAt", frame.path("timestamp"));
        ours(payload, frame);
        events.add(new Named(Audience.EVERYONE, "inventory:updated", payload));
        events.add(new Named(Audience.ADMINS, "admin:inventory:updated", payload));

        ObjectNode item = JSON.objectNode();
        item.set("id", data.path("product_id"));
        item.set("sku", data.path("product_sku"));
        if (data.hasNonNull("product_name")) {
            item.set("name", data.path("product_name"));
        }
        item.set("quantity", current);
        ObjectNode details = JSON.objectNode();
        details.set("oldStock", previous);
        details.set("newStock", current);
        details.set("quantity", delta);
        events.add(new Named(Audience.EVERYONE, "inventory:update", inventoryUpdate("stock_updated", item, details,
                frame)));
    }

    private static void product(List<Named> events, JsonNode frame, JsonNode data, String name, String kind) {
        ObjectNode payload = JSON.objectNode();
        payload.set("productId", data.path("product_id"));
        payload.set("sku", data.path("sku"));
        if (data.has("name")) {
            payload.set("productName", data.path("name"));
            payload.set("name", data.path("name"));
            payload.set("category", data.path("category"));
            payload.set("price", data.path("unit_price"));
            payload.set("reorderLevel", data.path("reorder_level"));
            payload.set("active", data.path("active"));
        }
        payload.set("timestamp", frame.path("timestamp"));
        ours(payload, frame);
        events.add(new Named(Audience.EVERYONE, name, payload));

        ObjectNode item = JSON.objectNode();
        item.set("id", data.path("product_id"));
        item.set("sku", data.path("sku"));
        if (data.has("name")) {
            item.set("name", data.path("name"));
            item.set("category", data.path("category"));
            item.set("price", data.path("unit_price"));
            item.set("minStock", data.path("reorder_level"));
        }
        events.add(new Named(Audience.EVERYONE, "inventory:update", inventoryUpdate(kind, item, null, frame)));
    }

    private static ObjectNode inventoryUpdate(String kind, ObjectNode item, ObjectNode details, JsonNode frame) {
        ObjectNode payload = JSON.objectNode();
        payload.put("type", kind);
        payload.set("item", item);
        if (details != null) {
            payload.set("details", details);
        }
        payload.set("timestamp", frame.path("timestamp"));
        ours(payload, frame);
        return payload;
    }

    /** Seed 003's {@code alert}: one item at or under its reorder level. */
    private static void itemAlert(List<Named> events, JsonNode frame, JsonNode data, String kind, String title) {
        ObjectNode payload = JSON.objectNode();
        payload.set("id", frame.path("event_id"));
        payload.put("type", kind);
        payload.put("severity", severity(frame));
        String name = data.path("product_name").asText(data.path("product_sku").asText());
        payload.put("title", title + ": " + name);
        payload.put("message", kind.equals("out_of_stock") ? name + " is out of stock"
                : name + " is down to " + data.path("current_stock").asText() + " (reorder level "
                        + data.path("reorder_level").asText() + ")");
        payload.set("itemId", data.path("product_id"));
        payload.put("itemName", name);
        payload.set("currentStock", data.has("current_stock") ? data.path("current_stock") : JSON.numberNode(0));
        payload.set("minStock", data.path("reorder_level"));
        payload.set("timestamp", frame.path("timestamp"));
        ours(payload, frame);
        events.add(new Named(Audience.EVERYONE, "alert", payload));
    }

    /** Seed 002's {@code admin:alert}: a StockPulse alert, at every step of its life. */
    private static ObjectNode adminAlert(JsonNode frame, JsonNode data) {
        ObjectNode payload = JSON.objectNode();
        payload.set("id", data.path("alert_id"));
        payload.set("type", data.path("kind"));
        payload.set("status", data.path("status"));
        payload.put("severity", severity(frame));
        payload.set("message", data.path("message"));
        payload.set("productId", data.path("product_id"));
        payload.set("productName", data.path("product_name"));
        payload.set("timestamp", frame.path("timestamp"));
        ours(payload, frame);
        return payload;
    }

    private static ObjectNode notification(JsonNode frame, JsonNode data) {
        ObjectNode payload = JSON.objectNode();
        payload.set("id", data.path("notification_id"));
        payload.set("userId", data.path("user_id"));
        payload.put("type", notificationType(data.path("level").asText()));
        payload.set("title", data.path("title"));
        payload.set("message", data.path("message"));
        payload.set("timestamp", frame.path("timestamp"));
        ours(payload, frame);
        return payload;
    }

    /** Seed 003 knows success, error, warning and info. */
    private static String notificationType(String level) {
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "error", "critical" -> "error";
            case "warning", "warn" -> "warning";
            case "success" -> "success";
            default -> "info";
        };
    }

    /** Seed 003's severities are low, medium, high and critical: StockPulse's priorities by name. */
    private static String severity(JsonNode frame) {
        return frame.path("priority").asText("medium");
    }

    private static void ours(ObjectNode payload, JsonNode frame) {
        payload.set("eventId", frame.path("event_id"));
        payload.set("eventType", frame.path("event_type"));
        payload.set("priority", frame.path("priority"));
        payload.set("tenantId", frame.path("tenant_id"));
        payload.set("data", frame.path("data"));
    }
}
