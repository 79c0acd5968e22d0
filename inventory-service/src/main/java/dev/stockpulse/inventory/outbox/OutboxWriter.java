package dev.stockpulse.inventory.outbox;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventKeys;
import dev.stockpulse.events.EventType;

/**
 * Appends events to the outbox inside the caller's transaction. Nothing here talks to Kafka: if the transaction
 * rolls back, the event never existed.
 */
@ApplicationScoped
public class OutboxWriter {

    private final OutboxRepository outbox;

    public OutboxWriter(OutboxRepository outbox) {
        this.outbox = outbox;
    }

    public Uni<OutboxEvent> append(EventEnvelope<?> envelope, String aggregateId) {
        EventType type = EventType.fromWire(envelope.metadata().eventType())
                .orElseThrow(() -> new IllegalArgumentException("Unknown event type " + envelope.metadata().eventType()));
        OutboxEvent row = new OutboxEvent();
        row.eventId = envelope.metadata().eventId();
        row.tenantId = envelope.metadata().tenantId();
        row.eventType = type.wireName();
        row.topic = type.topic();
        row.recordKey = EventKeys.of(row.tenantId, aggregateId);
        row.priority = envelope.metadata().priority().wireName();
        row.payload = EventCodec.encodeToString(envelope);
        row.createdAt = Instant.now();
        return outbox.persist(row);
    }

    /** Appends in list order, which is the order the relay publishes them in. */
    public Uni<Void> appendAll(List<EventEnvelope<?>> envelopes, String aggregateId) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (EventEnvelope<?> envelope : envelopes) {
            chain = chain.flatMap(v -> append(envelope, aggregateId).replaceWithVoid());
        }
        return chain;
    }
}
