package dev.stockpulse.sales.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

import dev.stockpulse.commons.messaging.ConsumerFailures;
import dev.stockpulse.commons.messaging.DeadLetters;
import dev.stockpulse.commons.messaging.ResilientConsumer;
import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.inventory.OutOfStockPayload;
import dev.stockpulse.events.inventory.ProductDeletedPayload;
import dev.stockpulse.events.inventory.ProductPayload;
import dev.stockpulse.events.inventory.StockReplenishedPayload;
import dev.stockpulse.events.inventory.StockReservationFailedPayload;
import dev.stockpulse.events.inventory.StockReservedPayload;
import dev.stockpulse.events.inventory.StockUpdatedPayload;
import dev.stockpulse.sales.alert.service.AlertService;
import dev.stockpulse.sales.config.SalesConfig;
import dev.stockpulse.sales.demand.DemandHistory;
import dev.stockpulse.sales.order.service.OrderService;
import dev.stockpulse.sales.outbox.Cause;
import dev.stockpulse.sales.product.service.ProductProjection;

/**
 * Applies inventory-events effectively once: the event id is recorded in the transaction of its effects (alerts,
 * orders, the product view, the demand history, and the outgoing events in the outbox), so a redelivery changes
 * nothing and a rolled-back attempt publishes nothing. Contract breaches are dead-lettered, unknown types skipped, transient failures retried
 * ({@link ResilientConsumer}). After each commit the outbox relay is woken.
 */
@ApplicationScoped
public class InventoryEventsConsumer {

    private static final Logger LOG = Logger.getLogger(InventoryEventsConsumer.class);

    private final ProcessedEventRepository processed;
    private final AlertService alerts;
    private final OrderService orders;
    private final ProductProjection products;
    private final DemandHistory demand;
    private final OutboxRelay relay;
    private final ResilientConsumer consumer;
    private final Counter transientFailures;

    public InventoryEventsConsumer(ProcessedEventRepository processed, AlertService alerts, OrderService orders,
            ProductProjection products, DemandHistory demand, OutboxRelay relay,
            @Channel("dead-letters") MutinyEmitter<String> deadLetters, SalesConfig config, MeterRegistry metrics) {
        this.processed = processed;
        this.alerts = alerts;
        this.orders = orders;
        this.products = products;
        this.demand = demand;
        this.relay = relay;
        this.consumer = new ResilientConsumer(new DeadLetters(deadLetters), metrics, config.consumer());
        this.transientFailures = Counter.builder("stockpulse.consumer.transient.failures")
                .description("Attempts to apply an event that failed for a transient reason and are retried")
                .tag("topic", Topics.INVENTORY_EVENTS).register(metrics);
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
                }))
                .onFailure(ConsumerFailures::isTransient).invoke(failure -> transientFailures.increment())
                .invoke(relay::signal);
    }

    @SuppressWarnings("unchecked")
    private Uni<Void> handle(EventEnvelope<?> event) {
        EventType type = EventType.fromWire(event.metadata().eventType()).orElseThrow();
        LOG.debugf("Applying %s event_id=%s tenant_id=%s", type.wireName(), event.metadata().eventId(),
                event.metadata().tenantId());
        Cause cause = Cause.of(event);
        return switch (type) {
            case PRODUCT_CREATED, PRODUCT_UPDATED ->
                products.onProduct((EventEnvelope<ProductPayload>) event).replaceWithVoid();
            case PRODUCT_DELETED -> {
                EventEnvelope<ProductDeletedPayload> deleted = (EventEnvelope<ProductDeletedPayload>) event;
                yield products.onProductDeleted(deleted).flatMap(view -> alerts.onProductDeleted(cause,
                        view.tenantId, view.productId, deleted.payload().sku()));
            }
            case STOCK_UPDATED -> {
                EventEnvelope<StockUpdatedPayload> update = (EventEnvelope<StockUpdatedPayload>) event;
                yield products.onStockUpdated(update).flatMap(change -> alerts.onStockChange(cause, change))
                        .call(() -> demand.onStockUpdated(update));
            }
            case LOW_STOCK -> alerts.onLowStock(cause, (EventEnvelope<LowStockPayload>) event);
            case OUT_OF_STOCK -> alerts.onOutOfStock(cause, (EventEnvelope<OutOfStockPayload>) event);
            case STOCK_REPLENISHED -> alerts.onReplenished(cause, (EventEnvelope<StockReplenishedPayload>) event);
            case STOCK_RESERVED -> orders.onReserved(cause, (EventEnvelope<StockReservedPayload>) event);
            case STOCK_RESERVATION_FAILED ->
                orders.onReservationFailed(cause, (EventEnvelope<StockReservationFailedPayload>) event);
            default -> Uni.createFrom().voidItem();
        };
    }
}
