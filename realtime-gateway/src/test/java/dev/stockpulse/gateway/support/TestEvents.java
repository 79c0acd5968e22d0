package dev.stockpulse.gateway.support;

import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.quarkus.arc.Arc;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventKeys;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.inventory.ReservedLine;
import dev.stockpulse.events.inventory.StockReservedPayload;
import dev.stockpulse.events.inventory.StockUpdatedPayload;
import dev.stockpulse.events.sales.AlertPayload;
import dev.stockpulse.events.sales.ForecastPayload;
import dev.stockpulse.events.sales.ForecastPoint;
import dev.stockpulse.events.sales.ModelMetrics;
import dev.stockpulse.events.sales.ModelRetrainedPayload;
import dev.stockpulse.events.sales.NotificationPayload;
import dev.stockpulse.events.sales.OrderLine;
import dev.stockpulse.events.sales.OrderPayload;
import dev.stockpulse.localstack.DevTokens;

/** Produces contract events into the real broker, as inventory-service and sales-service would. */
public final class TestEvents implements AutoCloseable {

    /** The application (its CDI container) whose consumer was seen at the tail; a restart makes a new one. */
    private static volatile Object atTailOf;

    private final KafkaProducer<String, byte[]> producer;

    public TestEvents(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        producer = new KafkaProducer<>(config);
    }

    /** Where a record landed. */
    public record Sent(String topic, int partition, long offset, String eventId) {
    }

    /** Sends with the contract's key and headers; the key picks the partition. */
    public Sent send(EventEnvelope<?> event, String aggregateId) {
        return send(event, aggregateId, null);
    }

    /** As {@link #send(EventEnvelope, String)}, on the given partition (null: by key). */
    public Sent send(EventEnvelope<?> event, String aggregateId, Integer partition) {
        EventMetadata metadata = event.metadata();
        String topic = EventType.fromWire(metadata.eventType()).orElseThrow().topic();
        return sendRaw(topic, partition, EventKeys.of(metadata.tenantId(), aggregateId), EventCodec.encode(event),
                EventHeaders.of(metadata), metadata.eventId().toString());
    }

    /** Sends many without waiting for each; returns once all are written. */
    public List<Sent> sendAll(List<EventEnvelope<?>> batch, String aggregateId, Integer partition) {
        List<java.util.concurrent.Future<RecordMetadata>> pending = new ArrayList<>();
        for (EventEnvelope<?> event : batch) {
            EventMetadata metadata = event.metadata();
            String topic = EventType.fromWire(metadata.eventType()).orElseThrow().topic();
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition,
                    EventKeys.of(metadata.tenantId(), aggregateId), EventCodec.encode(event));
            EventHeaders.of(metadata).forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
            pending.add(producer.send(record));
        }
        List<Sent> sent = new ArrayList<>();
        try {
            for (int i = 0; i < pending.size(); i++) {
                RecordMetadata written = pending.get(i).get(30, TimeUnit.SECONDS);
                sent.add(new Sent(written.topic(), written.partition(), written.offset(),
                        batch.get(i).metadata().eventId().toString()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not produce the batch", e);
        }
        return sent;
    }

    public Sent sendRaw(String topic, Integer partition, String key, byte[] value, Map<String, String> headers,
            String eventId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, key, value);
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        try {
            RecordMetadata written = producer.send(record).get(30, TimeUnit.SECONDS);
            return new Sent(written.topic(), written.partition(), written.offset(), eventId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not produce to " + topic, e);
        }
    }

    /**
     * The gateway reads from the tail ({@code auto.offset.reset=latest}), so a record produced before its consumer has
     * its partitions and positions would never be seen. Sends a probe to every partition of both topics until a
     * client has received one from each: from then on every record produced is delivered. Once per application
     * start, since the application and its consumer outlive a test class (a test profile restarts them).
     */
    public void awaitGatewayAtTail(URI base) {
        Object application = Arc.container();
        if (atTailOf == application) {
            return;
        }
        try (WsClient probe = WsClient.connect(base, "/ws?channels=all", DevTokens.user("probe", "probe"))) {
            probe.awaitFrame(f -> "welcome".equals(f.getString("type")));
            Map<String, List<String>> probesBySlot = new HashMap<>();
            for (String topic : List.of(Topics.INVENTORY_EVENTS, Topics.SALES_EVENTS)) {
                for (int partition = 0; partition < producer.partitionsFor(topic).size(); partition++) {
                    probesBySlot.put(topic + "/" + partition, new ArrayList<>());
                }
            }
            // A probe not seen within a poll interval may have been produced before the consumer was positioned:
            // each round sends a fresh one to every partition not yet confirmed.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                probesBySlot.values().removeIf(ids -> ids.stream().anyMatch(probe::received));
                probesBySlot.forEach((slot, ids) -> ids.add(probe(slot)));
                return probesBySlot.isEmpty();
            });
        }
        atTailOf = application;
    }

    private String probe(String slot) {
        String topic = slot.substring(0, slot.indexOf('/'));
        int partition = Integer.parseInt(slot.substring(slot.indexOf('/') + 1));
        Sent sent = Topics.INVENTORY_EVENTS.equals(topic)
                ? send(lowStock("probe", "probe-product", Priority.LOW), "probe-product", partition)
                : send(alertRaised("probe", "probe-product"), "probe-product", partition);
        return sent.eventId();
    }

    public static EventEnvelope<LowStockPayload> lowStock(String tenantId, String productId, Priority priority) {
        return new EventEnvelope<>(
                EventMetadata.create(EventType.LOW_STOCK, "inventory-service", tenantId, "req-1", priority),
                new LowStockPayload(productId, "SKU-" + productId, "Laptop Computer", 8, 10, 50,
                        new BigDecimal("1200.00"), "electronics", "Warehouse A", 2.5, "wh-a"));
    }

    /** A low-stock event whose product name pads it to about {@code bytes}, to fill buffers quickly. */
    public static EventEnvelope<LowStockPayload> bigLowStock(String tenantId, String productId, int bytes) {
        return new EventEnvelope<>(
                EventMetadata.create(EventType.LOW_STOCK, "inventory-service", tenantId, "req-big", Priority.LOW),
                new LowStockPayload(productId, "SKU-" + productId, "x".repeat(bytes), 8, 10, 50,
                        new BigDecimal("1200.00"), "electronics", "Warehouse A", 2.5, "wh-a"));
    }

    public static EventEnvelope<StockUpdatedPayload> stockUpdated(String tenantId, String productId, long previous,
            long current) {
        return new EventEnvelope<>(
                EventMetadata.create(EventType.STOCK_UPDATED, "inventory-service", tenantId, "req-6", Priority.LOW),
                new StockUpdatedPayload(productId, "SKU-" + productId, "wh-a", previous, current, current - previous,
                        "sale", "mv-" + productId));
    }

    public static EventEnvelope<ForecastPayload> forecastGenerated(String tenantId, String category) {
        return new EventEnvelope<>(
                EventMetadata.create(EventType.FORECAST_GENERATED, "sales-service", tenantId, "req-7", Priority.LOW),
                new ForecastPayload(ForecastPayload.SCOPE_CATEGORY, null, category, "holt_winters", 28, 0.8,
                        LocalDate.of(2026, 12, 5), 140.0, 90,
                        List.of(new ForecastPoint(LocalDate.of(2026, 12, 5), 5.0, 3.0, 7.0))));
    }

    public static EventEnvelope<ModelRetrainedPayload> modelRetrained(String tenantId) {
        return new EventEnvelope<>(
                EventMetadata.create(EventType.FORECAST_MODEL_RETRAINED, "sales-service", tenantId, "req-8",
                        Priority.LOW),
                new ModelRetrainedPayload(ModelRetrainedPayload.TRIGGER_SCHEDULE, 12, 3, 28, 0.8,
                        List.of(new ModelMetrics("croston_sba", 4, 0.91, 0.88, -0.1, -2.0, 0.79))));
    }

    public static EventEnvelope<StockReservedPayload> stockReserved(String tenantId, String userId, String orderId) {
        return new EventEnvelope<>(
                EventMetadata.create(EventType.STOCK_RESERVED, "inventory-service", tenantId, "req-2", Priority.MEDIUM)
                        .withUserId(userId),
                new StockReservedPayload(orderId, List.of(new ReservedLine("prod-1", "wh-a", 2))));
    }

    public static EventEnvelope<OrderPayload> orderCreated(String tenantId, String userId, String orderId) {
        return new EventEnvelope<>(
                EventMetadata.create(EventType.ORDER_CREATED, "sales-service", tenantId, "req-3", Priority.MEDIUM)
                        .withUserId(userId),
                new OrderPayload(orderId, userId, "created",
                        List.of(new OrderLine("prod-1", 2, new BigDecimal("19.90"))), new BigDecimal("39.80"), null));
    }

    public static EventEnvelope<AlertPayload> alertRaised(String tenantId, String productId) {
        return new EventEnvelope<>(
                EventMetadata.create(EventType.ALERT_RAISED, "sales-service", tenantId, "req-4", Priority.HIGH),
                new AlertPayload("alert-" + productId, AlertPayload.KIND_LOW_STOCK, AlertPayload.STATUS_RAISED,
                        productId, "SKU-" + productId, "Laptop Computer", Priority.HIGH, 8L, 10L, 2.5, null, null,
                        "Stock is low"));
    }

    public static EventEnvelope<NotificationPayload> notification(String tenantId, String userId) {
        return new EventEnvelope<>(
                EventMetadata.create(EventType.NOTIFICATION, "sales-service", tenantId, "req-5", Priority.LOW)
                        .withUserId(userId),
                new NotificationPayload("n-" + userId, userId, "Order shipped", "Your order is on its way",
                        NotificationPayload.LEVEL_INFO));
    }

    /** A notification whose message pads it to about {@code bytes}, for bursts of realistic size. */
    public static EventEnvelope<NotificationPayload> bigNotification(String tenantId, String userId, int bytes) {
        return new EventEnvelope<>(
                EventMetadata.create(EventType.NOTIFICATION, "sales-service", tenantId, "req-burst", Priority.LOW)
                        .withUserId(userId),
                new NotificationPayload("n-" + userId, userId, "Order shipped", "x".repeat(bytes),
                        NotificationPayload.LEVEL_INFO));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
