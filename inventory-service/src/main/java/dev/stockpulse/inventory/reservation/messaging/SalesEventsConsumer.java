package dev.stockpulse.inventory.reservation.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

import dev.stockpulse.commons.messaging.DeadLetters;
import dev.stockpulse.commons.messaging.ResilientConsumer;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.sales.OrderPayload;
import dev.stockpulse.inventory.config.InventoryConfig;
import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.inventory.reservation.ReservationRepository;
import dev.stockpulse.inventory.reservation.service.ReservationService;

/**
 * Answers sales orders: {@code sales.order.created} reserves stock, {@code sales.order.cancelled} releases it. Each
 * order event is applied once (its id recorded in the same transaction); other sales events are not ours and pass.
 */
@ApplicationScoped
public class SalesEventsConsumer {

    private final ReservationService reservationService;
    private final ReservationRepository reservations;
    private final OutboxRelay relay;
    private final ResilientConsumer consumer;

    public SalesEventsConsumer(ReservationService reservationService, ReservationRepository reservations,
            OutboxRelay relay, @Channel("dead-letters") MutinyEmitter<String> deadLetters, MeterRegistry metrics,
            InventoryConfig config) {
        this.reservationService = reservationService;
        this.reservations = reservations;
        this.relay = relay;
        this.consumer = new ResilientConsumer(new DeadLetters(deadLetters), metrics, config.consumer());
    }

    @Incoming("sales-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return consumer.consume(record, this::apply);
    }

    @SuppressWarnings("unchecked")
    private Uni<Void> apply(EventEnvelope<?> event) {
        EventType type = EventType.fromWire(event.metadata().eventType()).orElseThrow();
        if (type != EventType.ORDER_CREATED && type != EventType.ORDER_CANCELLED) {
            return Uni.createFrom().voidItem();
        }
        EventEnvelope<OrderPayload> order = (EventEnvelope<OrderPayload>) event;
        return Panache.withTransaction(() -> reservations.markProcessed(order.metadata().eventId(),
                order.metadata().tenantId(), order.payload().orderId(), type.wireName())
                .flatMap(first -> {
                    if (!first) {
                        consumer.duplicate(order, Topics.SALES_EVENTS);
                        return Uni.createFrom().voidItem();
                    }
                    return type == EventType.ORDER_CREATED ? reservationService.reserve(order)
                            : reservationService.release(order);
                }))
                .invoke(relay::signal);
    }
}
