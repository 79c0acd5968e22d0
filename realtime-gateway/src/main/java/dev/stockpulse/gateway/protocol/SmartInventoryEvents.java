package dev.stockpulse.gateway.protocol;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.gateway.core.delivery.OutFrame;

/**
 * Seed 000's event, as the smart-inventory document's WebSocket and SSE stream carry it: {@code {"type":"event","event_id","event_type","timestamp","data"}} with the
 * smart-inventory document's event names and data fields, and StockPulse's own kept beside them: the data keeps the
 * event contract's fields, and {@code position}, {@code channel}, {@code priority}, {@code tenant_id} and
 * {@code stockpulse_event_type} are added, which the document's clients ignore. An event with no name in the
 * document keeps its StockPulse type. Pure; a dialect calls it once per event frame.
 */
public final class SmartInventoryEvents {

    /** The event's name in the document and its JSON. */
    public record Encoded(String name, byte[] json) {
    }

    /**
     * The seed-000 event of a frame, built once per frame and shared by the dialects that carry it (its WebSocket
     * stream and its SSE stream each build their wire form from it).
     */
    public static final OutFrame.Form<Encoded> FORM = new OutFrame.Form<>() {
        @Override
        protected Encoded build(OutFrame frame) {
            return encode(frame.json());
        }
    };

    private static final ObjectMapper MAPPER = EventCodec.mapper();

    private SmartInventoryEvents() {
    }

    /** @param nativeFrame the {@code /ws} event frame ({@link EventFrame}) */
    public static Encoded encode(byte[] nativeFrame) {
        try {
            ObjectNode frame = (ObjectNode) MAPPER.readTree(nativeFrame);
            String type = frame.path("event_type").asText();
            ObjectNode data = frame.path("data").isObject() ? ((ObjectNode) frame.path("data")).deepCopy()
                    : MAPPER.createObjectNode();
            String name = rename(type, data, frame);
            frame.put("event_type", name);
            frame.put("stockpulse_event_type", type);
            frame.set("data", data);
            return new Encoded(name, MAPPER.writeValueAsBytes(frame));
        } catch (IOException e) {
            throw new IllegalStateException("An event frame the gateway encoded could not be read back", e);
        }
    }

    /** The document's name of the event, with its fields added to {@code data}. */
    private static String rename(String type, ObjectNode data, JsonNode frame) {
        switch (type) {
            case "inventory.stock.updated" -> {
                data.set("previous_stock", data.path("previous_quantity"));
                data.set("current_stock", data.path("current_quantity"));
                return "stock.updated";
            }
            case "inventory.low_stock" -> {
                data.set("reorder_threshold", data.path("reorder_level"));
                data.set("threshold", data.path("reorder_level"));
                return "stock.low";
            }
            case "inventory.out_of_stock" -> {
                return "stock.out";
            }
            case "inventory.stock.replenished" -> {
                data.put("quantity_added", data.path("current_stock").asLong() - data.path("previous_stock").asLong());
                data.set("new_stock", data.path("current_stock"));
                return "stock.replenished";
            }
            case "sales.order.created" -> {
                JsonNode lines = data.path("lines");
                long quantity = 0;
                for (JsonNode line : lines) {
                    quantity += line.path("quantity").asLong();
                }
                data.set("product_id", lines.path(0).path("product_id"));
                data.put("quantity", quantity);
                data.set("total_amount", data.path("total"));
                return "order.created";
            }
            case "sales.order.confirmed", "sales.order.rejected", "sales.order.status_changed" -> {
                return "order.updated";
            }
            case "sales.order.cancelled" -> {
                return "order.cancelled";
            }
            case "sales.order.delivered" -> {
                data.set("delivery_date", frame.path("timestamp"));
                return "order.delivered";
            }
            case "sales.alert.raised", "sales.alert.escalated" -> {
                return alert(data, frame, type);
            }
            case "sales.alert.broadcast" -> {
                // A test event shows under the name its sender asked for, as seed 000's emit-event did.
                data.set("alert_level", data.path("level"));
                return data.hasNonNull("requested_event_type") ? data.path("requested_event_type").asText()
                        : "alert.broadcast";
            }
            case "sales.forecast.generated" -> {
                return "forecast.generated";
            }
            case "sales.forecast.updated" -> {
                return "forecast.updated";
            }
            case "sales.forecast.model_retrained" -> {
                return "model.retrained";
            }
            case "sales.analytics.daily_summary" -> {
                return "analytics.daily_summary";
            }
            case "sales.analytics.monthly_report" -> {
                return "analytics.monthly_report";
            }
            default -> {
                return type;
            }
        }
    }

    private static String alert(ObjectNode data, JsonNode frame, String type) {
        data.set("alert_level", frame.path("priority"));
        switch (data.path("kind").asText()) {
            case "low_stock", "out_of_stock" -> {
                data.putArray("affected_products").add(data.path("product_id").asText());
                return "alert.low_stock";
            }
            case "reorder_needed" -> {
                data.set("recommended_quantity", data.path("reorder_suggestion").path("quantity"));
                return "alert.reorder_needed";
            }
            case "stockout_risk" -> {
                data.set("days_until_stockout", data.path("days_of_stock_remaining"));
                return "alert.stockout_risk";
            }
            case "dead_stock" -> {
                return "alert.dead_stock";
            }
            default -> {
                return type;
            }
        }
    }
}
