package dev.stockpulse.gateway.core.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventContractException;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;

/**
 * One topic of plain JSON records bound to the gateway, and how its records become StockPulse events. Seed 002's
 * services publish, without an envelope, {@code {orderId, buyerId, status, previousStatus, updatedAt}} (an order's
 * status changed: {@code sales.order.status_changed} for the buyer) and {@code {productId, stock, previousStock, sku,
 * productName}} (a product's stock changed: {@code inventory.stock.updated}).
 *
 * <p>The event is written as the contract's JSON and read back with the contract's codec, so it is exactly what a
 * migrated producer would publish, and a record that cannot make one is refused in the contract's words. The tenant
 * is the binding's, never the record's. The event id is derived from the record's topic, partition and offset: every
 * instance, and the same one reading the record again after a restart, gives the event the same id. Pure.
 */
public final class TopicBinding {

    /** The event types a binding can make, each from its seed-002 record. */
    static final List<String> EVENT_TYPES = List.of(
            EventType.ORDER_STATUS_CHANGED.wireName(), EventType.STOCK_UPDATED.wireName());

    /** Why the stock of a bound record moved, as far as the gateway knows: outside StockPulse. */
    private static final String STOCK_REASON = "external";

    private static final ObjectMapper MAPPER = EventCodec.mapper();

    private final String name;
    private final String topic;
    private final EventType eventType;
    private final String tenant;
    private final String warehouseId;

    /**
     * @param name the binding's name, which becomes the events' {@code source_service}
     * @throws IllegalArgumentException for an event type no binding can make
     */
    public TopicBinding(String name, String topic, String eventType, String tenant, String warehouseId) {
        this.name = name;
        this.topic = topic;
        this.eventType = EventType.fromWire(eventType).filter(type -> EVENT_TYPES.contains(type.wireName()))
                .orElseThrow(() -> new IllegalArgumentException("event-type must be one of " + EVENT_TYPES + ", was '"
                        + eventType + "'"));
        this.tenant = tenant;
        this.warehouseId = warehouseId;
    }

    public String name() {
        return name;
    }

    public String tenant() {
        return tenant;
    }

    public String eventType() {
        return eventType.wireName();
    }

    /**
     * The event a record at {@code partition} and {@code offset} of the topic stands for.
     *
     * @param recordTimestamp the record's timestamp, the event's when the record carries none
     * @throws IllegalArgumentException when the record does not fit, saying why (the dead letter's reason)
     */
    public EventEnvelope<?> event(int partition, long offset, long recordTimestamp, byte[] value) {
        JsonNode record = read(value);
        ObjectNode payload = MAPPER.createObjectNode();
        ObjectNode metadata = MAPPER.createObjectNode();
        metadata.put("event_id", eventId(topic, partition, offset).toString());
        metadata.put("event_type", eventType.wireName());
        metadata.put("event_version", EventMetadata.CURRENT_VERSION);
        metadata.put("source_service", name);
        metadata.put("tenant_id", tenant);
        Instant timestamp = Instant.ofEpochMilli(recordTimestamp);
        if (eventType == EventType.ORDER_STATUS_CHANGED) {
            String buyer = id(record, "buyerId");
            payload.put("order_id", id(record, "orderId"));
            payload.put("user_id", buyer);
            payload.put("status", text(record, "status"));
            if (record.hasNonNull("previousStatus")) {
                payload.put("previous_status", text(record, "previousStatus"));
            }
            if (record.hasNonNull("updatedAt")) {
                timestamp = instant(record, "updatedAt");
            }
            metadata.put("priority", Priority.MEDIUM.wireName());
            metadata.put("user_id", buyer);
        } else {
            long current = whole(record, "stock");
            long previous = whole(record, "previousStock");
            payload.put("product_id", id(record, "productId"));
            payload.put("product_sku", text(record, "sku"));
            payload.put("warehouse_id", warehouseId);
            payload.put("previous_quantity", previous);
            payload.put("current_quantity", current);
            payload.put("delta", delta(current, previous));
            payload.put("reason", STOCK_REASON);
            // The ERP rule needs a reorder level, which these records lack; an empty shelf is critical whatever it is.
            metadata.put("priority", (current <= 0 ? Priority.CRITICAL : Priority.LOW).wireName());
        }
        metadata.put("timestamp", timestamp.truncatedTo(ChronoUnit.MILLIS).toString());
        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.set("metadata", metadata);
        envelope.set("payload", payload);
        try {
            return EventCodec.decode(MAPPER.writeValueAsBytes(envelope));
        } catch (EventContractException e) {
            throw new IllegalArgumentException("makes no valid " + eventType.wireName() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("An event the gateway built could not be written", e);
        }
    }

    /** The same for every reader of the record, and unlike any id a StockPulse producer writes (random UUIDs). */
    static UUID eventId(String topic, int partition, long offset) {
        return UUID.nameUUIDFromBytes(("stockpulse-binding:" + topic + ":" + partition + ":" + offset)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode read(byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("the record has no value");
        }
        JsonNode record;
        try {
            record = MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the record is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("the record is not JSON: " + e.getMessage());
        }
        if (record == null || !record.isObject()) {
            throw new IllegalArgumentException("the record is not a JSON object");
        }
        return record;
    }

    /** Ids may come as strings or, from some producers, as whole numbers. */
    private static String id(JsonNode record, String field) {
        JsonNode value = record.get(field);
        if (value != null && value.isIntegralNumber()) {
            return value.asText();
        }
        return text(record, field);
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-blank string");
        }
        return value.asText();
    }

    private static long whole(JsonNode record, String field) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be a whole number, was " + value);
        }
        return value.asLong();
    }

    private static long delta(long current, long previous) {
        try {
            return Math.subtractExact(current, previous);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("stock and previousStock are too far apart: " + current + ", "
                    + previous);
        }
    }

    private static Instant instant(JsonNode record, String field) {
        String text = text(record, field);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 time such as 2024-01-01T00:00:00.000Z,"
                    + " was '" + text + "'");
        }
    }
}
