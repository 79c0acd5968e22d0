package dev.stockpulse.sales.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

import dev.stockpulse.commons.messaging.ConsumerFailures;
import dev.stockpulse.commons.messaging.DeadLetters;
import dev.stockpulse.commons.messaging.ResilientConsumer;
import dev.stockpulse.commons.messaging.ResilientConsumer.Inbound;
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
import dev.stockpulse.sales.messaging.ProcessedEventRepository.EventRef;
import dev.stockpulse.sales.outbox.Cause;
import dev.stockpulse.sales.outbox.SalesEvents;
import dev.stockpulse.sales.product.service.ProductProjection;

/**
 * Applies inventory-events effectively once, a poll's records at a time: their ids are recorded in the transaction of
 * their effects (alerts, orders, the product view, the demand history, and the outgoing events in the outbox), so a
 * redelivery changes nothing and a rolled-back attempt publishes nothing. The events of one poll share one transaction
 * and are applied in the records' order, which keeps each product's and order's events in order. Contract breaches
 * are dead-lettered, unknown types skipped, transient failures retried, and a poll whose transaction fails for good
 * is applied again one event per transaction, so that only the event at fault is dead-lettered
 * ({@link ResilientConsumer#consumeBatch}). The offsets are committed after the transaction; the outbox relay is
 * woken when events were written for it.
 */
@ApplicationScoped
public class InventoryEventsConsumer {

    private static final Logger LOG = Logger.getLogger(InventoryEventsConsumer.class);

    private final ProcessedEventRepository processed;
    private final AlertService alerts;
    private final OrderService orders;
    private final ProductProjection products;
    private final DemandHistory demand;
    private final SalesEvents published;
    private final OutboxRelay relay;
    private final ResilientConsumer consumer;
    private final Counter transientFailures;
    private final DistributionSummary batchSizes;

    public InventoryEventsConsumer(ProcessedEventRepository processed, AlertService alerts, OrderService orders,
            ProductProjection products, DemandHistory demand, SalesEvents published, OutboxRelay relay,
            @Channel("dead-letters") MutinyEmitter<String> deadLetters, SalesConfig config, MeterRegistry metrics) {
        this.processed = processed;
        this.alerts = alerts;
        this.orders = orders;
        this.products = products;
        this.demand = demand;
        this.published = published;
        this.relay = relay;
        this.consumer = new ResilientConsumer(new DeadLetters(deadLetters), metrics, config.consumer());
        this.transientFailures = Counter.builder("stockpulse.consumer.transient.failures")
                .description("Attempts to apply an event that failed for a transient reason and are retried")
                .tag("topic", Topics.INVENTORY_EVENTS).register(metrics);
        this.batchSizes = DistributionSummary.builder("stockpulse.consumer.batch.events")
                .description("Events applied in one transaction (a poll's, or one at a time after a batch failed)")
                .tag("topic", Topics.INVENTORY_EVENTS).register(metrics);
    }

    @Incoming("inventory-events")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return consumer.consumeBatch(batch, this::applyOnce)
                .call(() -> Uni.createFrom().completionStage(batch::ack))
                .onFailure().recoverWithUni(failure -> Uni.createFrom().completionStage(() -> batch.nack(failure)));
    }

    /** One transaction: the events' ids first, then the effects of those seen for the first time, in order. */
    private Uni<Void> applyOnce(List<Inbound> events) {
        long publishedBefore = published.appended();
        return Panache.withTransaction(() -> processed.markProcessed(events.stream().map(e -> e.event().metadata()).toList())
                .flatMap(first -> {
                    List<Inbound> fresh = new ArrayList<>();
                    for (Inbound event : events) {
                        if (first.remove(EventRef.of(event.event().metadata()))) {
                            fresh.add(event);
                        } else {
                            consumer.duplicate(event.event(), Topics.INVENTORY_EVENTS);
                        }
                    }
                    return applyInOrder(fresh);
                }))
                .onFailure(ConsumerFailures::isTransient).invoke(failure -> transientFailures.increment())
                .invoke(() -> {
                    batchSizes.record(events.size());
                    if (published.appended() != publishedBefore) {
                        relay.signal();
                    }
                });
    }

    @SuppressWarnings("unchecked")
    private Uni<Void> applyInOrder(List<Inbound> events) {
        List<EventEnvelope<StockUpdatedPayload>> stockUpdates = events.stream()
                .filter(e -> e.event().metadata().eventType().equals(EventType.STOCK_UPDATED.wireName()))
                .map(e -> (EventEnvelope<StockUpdatedPayload>) e.event()).toList();
        DemandHistory.Sales sales = new DemandHistory.Sales();
        Uni<Void> prefetch = stockUpdates.isEmpty() ? Uni.createFrom().voidItem() : products.prefetch(stockUpdates);
        return prefetch.chain(() -> Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(event -> event.within(() -> handle(event.event(), sales)))
                        .collect().last())
                .chain(() -> demand.record(sales));
    }

    @SuppressWarnings("unchecked")
    private Uni<Void> handle(EventEnvelope<?> event, DemandHistory.Sales sales) {
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
                sales.add(update);
                yield products.onStockUpdated(update).flatMap(change -> alerts.onStockChange(cause, change));
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
