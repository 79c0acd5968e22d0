package dev.stockpulse.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventKeys;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.sales.AlertPayload;
import dev.stockpulse.events.sales.BroadcastPayload;
import dev.stockpulse.events.sales.NotificationPayload;
import dev.stockpulse.events.sales.OrderStatusChangedPayload;
import io.smallrye.mutiny.Uni;

/**
 * Publishes the admins' broadcasts as contract events (event-schemas' codec, metadata, headers and keys), exactly as
 * sales-service would, so that every consumer, every gateway instance included, treats them like any other event.
 */
@ApplicationScoped
public class EventPublisher {

    static final String SOURCE = "realtime-gateway";
    private static final Set<String> ALERT_KINDS = Set.of(AlertPayload.KIND_LOW_STOCK, AlertPayload.KIND_OUT_OF_STOCK,
            AlertPayload.KIND_REORDER_NEEDED, AlertPayload.KIND_STOCKOUT_RISK, AlertPayload.KIND_DEAD_STOCK);
    private static final Set<String> LEVELS = Set.of(NotificationPayload.LEVEL_INFO, NotificationPayload.LEVEL_SUCCESS,
            NotificationPayload.LEVEL_WARNING, NotificationPayload.LEVEL_ERROR);

    private static final java.util.List<String> BROADCAST_LEVELS = java.util.List.of(BroadcastPayload.LEVEL_INFO,
            BroadcastPayload.LEVEL_SUCCESS, BroadcastPayload.LEVEL_WARNING, BroadcastPayload.LEVEL_ERROR,
            BroadcastPayload.LEVEL_CRITICAL);

    private final KafkaProducer<String, byte[]> producer;

    public EventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaDefaults) {
        // Every kafka.* setting applies (bootstrap servers, and SASL/TLS in production).
        Map<String, Object> properties = new HashMap<>(kafkaDefaults);
        properties.remove("group.id");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, SOURCE + "-" + ProcessHandle.current().pid());
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    public record Published(String eventId, String eventType, String topic) {
    }

    public Uni<Published> alert(String tenantId, RealtimeResource.AlertRequest request) {
        if (request == null) {
            throw ProblemException.invalid("body", "is required");
        }
        String productId = required(request.productId(), "product_id");
        String message = required(request.message(), "message");
        String kind = request.kind() == null ? AlertPayload.KIND_LOW_STOCK : request.kind();
        if (!ALERT_KINDS.contains(kind)) {
            throw ProblemException.invalid("kind", "must be one of " + ALERT_KINDS);
        }
        Priority priority = priority(request.priority());
        EventMetadata metadata = EventMetadata.create(EventType.ALERT_RAISED, SOURCE, tenantId,
                "broadcast-" + UUID.randomUUID(), priority);
        AlertPayload payload = new AlertPayload("manual-" + UUID.randomUUID(), kind, AlertPayload.STATUS_RAISED,
                productId, request.productSku(), request.productName(), priority, null, null, null, null, null,
                message);
        return publish(new EventEnvelope<>(metadata, payload), EventKeys.of(tenantId, productId));
    }

    public Uni<Published> notification(String tenantId, RealtimeResource.NotificationRequest request) {
        if (request == null) {
            throw ProblemException.invalid("body", "is required");
        }
        String userId = required(request.userId(), "user_id");
        String title = required(request.title(), "title");
        String message = required(request.message(), "message");
        String level = request.level() == null ? NotificationPayload.LEVEL_INFO : request.level();
        if (!LEVELS.contains(level)) {
            throw ProblemException.invalid("level", "must be one of " + LEVELS);
        }
        EventMetadata metadata = EventMetadata.create(EventType.NOTIFICATION, SOURCE, tenantId,
                "notification-" + UUID.randomUUID(), Priority.MEDIUM).withUserId(userId);
        String notificationId = "manual-" + UUID.randomUUID();
        NotificationPayload payload = new NotificationPayload(notificationId, userId, title, message, level);
        return publish(new EventEnvelope<>(metadata, payload), EventKeys.of(tenantId, userId));
    }

    /** Seed 002's order broadcast: an order of one buyer changed status, in the producer's own words. */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record OrderBroadcast(String userId, String orderId, String status, String previousStatus) {
    }

    /**
     * Publishes a {@code sales.order.status_changed} of the caller's tenant for the buyer: an event no service acts on
     * (inventory-service reserves on {@code sales.order.created} only), so a broadcast shows a status and changes none.
     */
    public Uni<Published> orderStatus(String tenantId, OrderBroadcast request) {
        if (request == null) {
            throw ProblemException.invalid("body", "is required");
        }
        String userId = required(request.userId(), "userId");
        String orderId = required(request.orderId(), "orderId");
        String status = required(request.status(), "status");
        EventMetadata metadata = EventMetadata.create(EventType.ORDER_STATUS_CHANGED, SOURCE, tenantId,
                "broadcast-" + UUID.randomUUID(), Priority.MEDIUM).withUserId(userId);
        OrderStatusChangedPayload payload = new OrderStatusChangedPayload(orderId, userId, status,
                blankToNull(request.previousStatus()));
        return publish(new EventEnvelope<>(metadata, payload), EventKeys.of(tenantId, orderId));
    }

    /** An announcement to everyone of a tenant. */
    public record BroadcastRequest(String level, String title, String message, String productId,
            String requestedEventType) {
    }

    /** Publishes a {@code sales.alert.broadcast} of the caller's tenant. */
    public Uni<Published> broadcast(String tenantId, BroadcastRequest request) {
        String level = request.level() == null ? BroadcastPayload.LEVEL_INFO : request.level();
        if (!BROADCAST_LEVELS.contains(level)) {
            throw ProblemException.invalid("level", "must be one of " + BROADCAST_LEVELS);
        }
        String title = required(request.title(), "title");
        String message = required(request.message(), "message");
        EventMetadata metadata = EventMetadata.create(EventType.ALERT_BROADCAST, SOURCE, tenantId,
                "broadcast-" + UUID.randomUUID(), broadcastPriority(level));
        BroadcastPayload payload = new BroadcastPayload("broadcast-" + UUID.randomUUID(), level, title, message,
                blankToNull(request.productId()), blankToNull(request.requestedEventType()));
        // One key per tenant: a tenant's broadcasts arrive in the order they were sent.
        return publish(new EventEnvelope<>(metadata, payload), EventKeys.of(tenantId, "broadcast"));
    }

    private static Priority broadcastPriority(String level) {
        return switch (level) {
            case BroadcastPayload.LEVEL_CRITICAL -> Priority.CRITICAL;
            case BroadcastPayload.LEVEL_ERROR, BroadcastPayload.LEVEL_WARNING -> Priority.HIGH;
            default -> Priority.MEDIUM;
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private Uni<Published> publish(EventEnvelope<?> event, String key) {
        EventMetadata metadata = event.metadata();
        String topic = EventType.fromWire(metadata.eventType()).orElseThrow().topic();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, EventCodec.encode(event));
        EventHeaders.of(metadata).forEach((name, value) ->
                record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return Uni.createFrom().emitter(emitter -> producer.send(record, (written, failure) -> {
            if (failure != null) {
                emitter.fail(new ProblemException(503, "broker-unavailable", "Event not published",
                        "Kafka did not accept the event: " + failure.getMessage(), java.util.List.of()));
            } else {
                emitter.complete(new Published(metadata.eventId(), metadata.eventType(), topic));
            }
        }));
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "is required");
        }
        return value;
    }

    private static Priority priority(String wire) {
        if (wire == null) {
            return Priority.HIGH;
        }
        try {
            return Priority.fromWire(wire);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("priority", e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
