package dev.stockpulse.sales.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

import dev.stockpulse.commons.messaging.DeadLetters;
import dev.stockpulse.commons.messaging.ResilientConsumer;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.sales.alert.service.AlertService;
import dev.stockpulse.sales.config.SalesConfig;

/**
 * Applies inventory-events effectively once: the event id is recorded in the transaction of its effects, so a
 * redelivery changes nothing. Contract breaches are dead-lettered, unknown types skipped, transient failures retried
 * ({@link ResilientConsumer}).
 */
@ApplicationScoped
public class InventoryEventsConsumer {

    private static final Logger LOG = Logger.getLogger(InventoryEventsConsumer.class);

    private final ProcessedEventRepository processed;
    private final AlertService alerts;
    private final ResilientConsumer consumer;

    public InventoryEventsConsumer(ProcessedEventRepository processed, AlertService alerts,
            @Channel("dead-letters") MutinyEmitter<String> deadLetters, SalesConfig config, MeterRegistry metrics) {
        this.processed = processed;
        this.alerts = alerts;
        this.consumer = new ResilientConsumer(new DeadLetters(deadLetters), metrics,
                config.consumer().retryInitialBackoff(), config.consumer().retryMaxBackoff());
    }

    @Incoming("inventory-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return consumer.consume(record, this::applyOnce);
    }

    private Uni<Void> applyOnce(EventEnvelope<?> event) {
        return Panache.withTransaction(() -> processed
                .markProcessed(event.metadata().eventId(), event.metadata().eventType(), event.metadata().tenantId())
                .flatMap(first -> {
                    if (!first) {
                        consumer.duplicate(event, Topics.INVENTORY_EVENTS);
                        return Uni.createFrom().voidItem();
                    }
                    return handle(event);
                }));
    }

    @SuppressWarnings("unchecked")
    private Uni<Void> handle(EventEnvelope<?> event) {
        EventType type = EventType.fromWire(event.metadata().eventType()).orElseThrow();
        LOG.debugf("Applying %s event_id=%s tenant_id=%s", type.wireName(), event.metadata().eventId(),
                event.metadata().tenantId());
        return switch (type) {
            case LOW_STOCK -> alerts.onLowStock((EventEnvelope<LowStockPayload>) event).replaceWithVoid();
            default -> Uni.createFrom().voidItem();
        };
    }
}
