package dev.stockpulse.sales;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventKeys;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.inventory.OutOfStockPayload;
import dev.stockpulse.events.inventory.ProductPayload;
import dev.stockpulse.events.inventory.ReservedLine;
import dev.stockpulse.events.inventory.ShortLine;
import dev.stockpulse.events.inventory.StockReplenishedPayload;
import dev.stockpulse.events.inventory.StockReservationFailedPayload;
import dev.stockpulse.events.inventory.StockReservedPayload;
import dev.stockpulse.events.inventory.StockUpdatedPayload;
import dev.stockpulse.localstack.test.TopicReader;

/**
 * Plays inventory-service in the tests: builds its events and produces them to {@code inventory-events} the way its
 * outbox relay does (key {@code tenant:aggregate}, the event headers).
 */
public final class InventoryEvents implements AutoCloseable {

    public static final String SOURCE = "inventory-service";

    private final KafkaProducer<String, String> producer;

    public InventoryEvents(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** Produces the event keyed by {@code aggregateId} and waits for the broker's acknowledgement. */
    public void publish(EventEnvelope<?> event, String aggregateId) {
        publishKeyed(EventKeys.of(event.metadata().tenantId(), aggregateId), event);
    }

    /** Produces the event under any key: to put it on the same partition as another tenant's events. */
    public void publishKeyed(String key, EventEnvelope<?> event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INVENTORY_EVENTS, key,
                EventCodec.encodeToString(event));
        EventHeaders.of(event.metadata()).forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        send(record);
    }

    /** Produces the event with a W3C traceparent header, as inventory's relay does for a traced change. */
    public void publishTraced(EventEnvelope<?> event, String aggregateId, String traceparent) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INVENTORY_EVENTS,
                EventKeys.of(event.metadata().tenantId(), aggregateId), EventCodec.encodeToString(event));
        EventHeaders.of(event.metadata()).forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        send(record);
    }

    /** Produces a raw value, for records that break the contract. */
    public void publishRaw(String key, String value) {
        send(raw(key, value));
    }

    /** The record inventory's relay would produce for the event. */
    public static ProducerRecord<String, String> record(EventEnvelope<?> event, String aggregateId) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INVENTORY_EVENTS,
                EventKeys.of(event.metadata().tenantId(), aggregateId), EventCodec.encodeToString(event));
        EventHeaders.of(event.metadata()).forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    public static ProducerRecord<String, String> raw(String key, String value) {
        return new ProducerRecord<>(Topics.INVENTORY_EVENTS, key, value);
    }

    /**
     * Produces the records in one request and waits for the broker: each partition's share is appended at once, so
     * a consumer waiting on the topic gets it in one poll.
     */
    public static void publishBurst(String bootstrapServers, List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> burst = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
                // Nothing leaves before flush(): then every partition's records go as one batch.
                ProducerConfig.LINGER_MS_CONFIG, 60_000, ProducerConfig.BATCH_SIZE_CONFIG, 4 * 1024 * 1024),
                new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = records.stream().map(burst::send).toList();
            burst.flush();
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not produce to " + Topics.INVENTORY_EVENTS, e.getCause());
        }
    }

    private void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not produce to " + record.topic(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    public static <P> EventEnvelope<P> envelope(EventType type, String tenant, Priority priority, P payload) {
        return envelope(type, tenant, priority, payload, Instant.now());
    }

    /** An event that happened at {@code at}: sales-service keeps the events' own times (last sale, stock on hand). */
    public static <P> EventEnvelope<P> envelope(EventType type, String tenant, Priority priority, P payload, Instant at) {
        return new EventEnvelope<>(new EventMetadata(UUID.randomUUID().toString(), type.wireName(), EventMetadata.CURRENT_VERSION,
                at.truncatedTo(ChronoUnit.MILLIS), SOURCE, tenant, "corr-" + UUID.randomUUID(), null, priority, null),
                payload);
    }

    public static EventEnvelope<ProductPayload> productCreated(String tenant, String productId, String price,
            boolean active) {
        return envelope(EventType.PRODUCT_CREATED, tenant, Priority.LOW, new ProductPayload(productId, "SKU-" + productId,
                "Laptop " + productId, "electronics", new BigDecimal(price), 10, 50, active));
    }

    public static EventEnvelope<LowStockPayload> lowStock(String tenant, String productId, long stock, Priority priority) {
        return lowStock(tenant, productId, stock, priority, null);
    }

    public static EventEnvelope<LowStockPayload> lowStock(String tenant, String productId, long stock, Priority priority,
            Double daysLeft) {
        return envelope(EventType.LOW_STOCK, tenant, priority, new LowStockPayload(productId, "SKU-" + productId,
                "Laptop " + productId, stock, 10, 50, new BigDecimal("1200.00"), "electronics", "Warehouse A", daysLeft,
                "wh-1"));
    }

    public static EventEnvelope<OutOfStockPayload> outOfStock(String tenant, String productId) {
        return envelope(EventType.OUT_OF_STOCK, tenant, Priority.CRITICAL, new OutOfStockPayload(productId,
                "SKU-" + productId, "Laptop " + productId, 10, 50, "wh-1", "Warehouse A"));
    }

    public static EventEnvelope<StockReplenishedPayload> replenished(String tenant, String productId, String warehouse,
            long previous, long current) {
        return envelope(EventType.STOCK_REPLENISHED, tenant, Priority.LOW, new StockReplenishedPayload(productId,
                "SKU-" + productId, "Laptop " + productId, previous, current, 10, warehouse));
    }

    public static EventEnvelope<StockUpdatedPayload> stockUpdated(String tenant, String productId, String warehouse,
            long previous, long current, String reason, Instant at) {
        return envelope(EventType.STOCK_UPDATED, tenant, Priority.LOW, new StockUpdatedPayload(productId,
                "SKU-" + productId, warehouse, previous, current, current - previous, reason, null), at);
    }

    public static EventEnvelope<StockReservedPayload> reserved(String tenant, String orderId, String productId,
            long quantity, String buyer) {
        EventEnvelope<StockReservedPayload> e = envelope(EventType.STOCK_RESERVED, tenant, Priority.LOW,
                new StockReservedPayload(orderId, List.of(new ReservedLine(productId, "wh-1", quantity))));
        return new EventEnvelope<>(e.metadata().withUserId(buyer), e.payload());
    }

    public static EventEnvelope<StockReservationFailedPayload> reservationFailed(String tenant, String orderId,
            String productId, long requested, long available, String buyer) {
        EventEnvelope<StockReservationFailedPayload> e = envelope(EventType.STOCK_RESERVATION_FAILED, tenant,
                Priority.HIGH, new StockReservationFailedPayload(orderId, "insufficient stock for 1 line(s)",
                        List.of(new ShortLine(productId, requested, available))));
        return new EventEnvelope<>(e.metadata().withUserId(buyer), e.payload());
    }

    /** A record of {@code sales-events} of this type about this aggregate (product or order) of this tenant. */
    public static boolean isEvent(ConsumerRecord<String, String> record, String eventType, String tenant,
            String aggregateId) {
        return eventType.equals(TopicReader.header(record, EventHeaders.EVENT_TYPE))
                && EventKeys.of(tenant, aggregateId).equals(record.key());
    }
}
