package dev.stockpulse.gateway.dialect.ws;

import java.io.IOException;
import java.nio.ByteBuffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.internal.VertxInternals;

/**
 * Seed 004's form of an event: the Go inventory socket's two messages, {@code inventory_update} (stock movements and
 * product changes) and {@code low_stock_alert}, with {@code position} and {@code event_id} added for recovery. Every
 * other event has no message in this dialect ({@link WebSocketDialect#NOTHING}). Pure, once per event frame.
 */
final class InventorySocketFrames {

    static final OutFrame.Form<ByteBuffer> FORM = new OutFrame.Form<>() {
        @Override
        protected ByteBuffer build(OutFrame frame) {
            byte[] json = json(frame.json());
            return json == null ? WebSocketDialect.NOTHING : VertxInternals.textFrame(json);
        }
    };

    private static final ObjectMapper MAPPER = EventCodec.mapper();

    private InventorySocketFrames() {
    }

    /** @return the message, or null when the event has none in this dialect */
    static byte[] json(byte[] nativeFrame) {
        try {
            JsonNode frame = MAPPER.readTree(nativeFrame);
            JsonNode data = frame.path("data");
            ObjectNode message = MAPPER.createObjectNode();
            switch (frame.path("event_type").asText()) {
                case "inventory.stock.updated", "inventory.stock.replenished" -> {
                    update(message, data, "adjusted");
                    message.set("product_sku", data.path("product_sku"));
                    message.set("quantity", data.has("current_quantity") ? data.path("current_quantity")
                            : data.path("current_stock"));
                }
                case "inventory.product.created" -> update(message, data, "created");
                case "inventory.product.updated" -> update(message, data, "updated");
                case "inventory.product.deleted" -> update(message, data, "deleted");
                case "inventory.low_stock" -> {
                    message.put("type", "low_stock_alert");
                    message.set("product_id", data.path("product_id"));
                    message.set("warehouse_id", data.path("warehouse_id"));
                    message.set("current_quantity", data.path("current_stock"));
                    message.set("min_stock", data.path("reorder_level"));
                    message.set("product_name", data.path("product_name"));
                    message.set("product_sku", data.path("product_sku"));
                }
                default -> {
                    return null;
                }
            }
            message.set("timestamp", frame.path("timestamp"));
            message.set("event_id", frame.path("event_id"));
            message.set("position", frame.path("position"));
            return MAPPER.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalStateException("An event frame the gateway encoded could not be read back", e);
        }
    }

    /** {@code inventory_id} is the stock row: a product in a warehouse, or the product when no warehouse applies. */
    private static void update(ObjectNode message, JsonNode data, String action) {
        String product = data.path("product_id").asText();
        String warehouse = data.path("warehouse_id").asText("");
        message.put("type", "inventory_update");
        message.put("inventory_id", warehouse.isEmpty() ? product : product + ":" + warehouse);
        message.put("product_id", product);
        if (!warehouse.isEmpty()) {
            message.put("warehouse_id", warehouse);
        }
        message.put("action", action);
    }
}
