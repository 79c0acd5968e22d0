package dev.stockpulse.commons.outbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventKeys;
import dev.stockpulse.events.EventType;

/**
 * Appends events to the {@code outbox_event} table inside the caller's Hibernate Reactive transaction. Nothing here
 * talks to Kafka: if the transaction rolls back, the event never existed. The relay publishes rows in id order.
 */
public final class OutboxWriter {

    public Uni<Void> append(EventEnvelope<?> envelope, String aggregateId) {
        EventType type = EventType.fromWire(envelope.metadata().eventType())
                .orElseThrow(() -> new IllegalArgumentException("Unknown event type " + envelope.metadata().eventType()));
        String tenant = envelope.metadata().tenantId();
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO outbox_event (event_id, tenant_id, event_type, topic, record_key, priority, payload, traceparent,
                                          created_at)
                VALUES (:eventId, :tenant, :type, :topic, :key, :priority, :payload, :traceparent, clock_timestamp())""")
                // Only this service's own events pass through here, and it writes UUIDs (EventMetadata.create): the
                // column, the relay and the parked-event endpoints keep that type.
                .setParameter("eventId", UUID.fromString(envelope.metadata().eventId()))
                .setParameter("tenant", tenant)
                .setParameter("type", type.wireName())
                .setParameter("topic", type.topic())
                .setParameter("key", EventKeys.of(tenant, aggregateId))
                .setParameter("priority", envelope.metadata().priority().wireName())
                .setParameter("payload", EventCodec.encodeToString(envelope))
                .setParameter("traceparent", currentTraceparent())
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The W3C traceparent of the change being made, so the relay can hand the trace on to Kafka; null when none. */
    static String currentTraceparent() {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get("traceparent");
    }

    /** Appends in list order, which is the order the relay publishes them in. */
    public Uni<Void> appendAll(List<? extends EventEnvelope<?>> envelopes, String aggregateId) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (EventEnvelope<?> envelope : envelopes) {
            chain = chain.flatMap(v -> append(envelope, aggregateId));
        }
        return chain;
    }
}
