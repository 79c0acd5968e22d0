package dev.stockpulse.commons.outbox;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.stockpulse.commons.sql.NativeSql;
import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventKeys;
import dev.stockpulse.events.EventType;

/**
 * Appends events to the {@code outbox_event} table inside the caller's transaction: a Hibernate Reactive one, or a
 * transaction on a plain reactive connection (the same statement with the same values, {@link NativeSql}). Nothing
 * here talks to Kafka: if the transaction rolls back, the event never existed. The relay publishes rows in id order.
 */
public final class OutboxWriter {

    /** {@code created_at} is the database's clock at the insert, which the relay's lag metric measures from. */
    static final String INSERT = """
            INSERT INTO outbox_event (event_id, tenant_id, event_type, topic, record_key, priority, payload, traceparent,
                                      created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, clock_timestamp())""";
    private static final String INSERT_HIBERNATE = NativeSql.forHibernate(INSERT);

    /** Appends in the caller's Hibernate Reactive transaction. */
    public Uni<Void> append(EventEnvelope<?> envelope, String aggregateId) {
        List<Object> values = values(envelope, aggregateId);
        return Panache.getSession().flatMap(session -> {
            var insert = session.createNativeQuery(INSERT_HIBERNATE);
            for (int i = 0; i < values.size(); i++) {
                insert.setParameter(i + 1, values.get(i));
            }
            return insert.executeUpdate();
        }).replaceWithVoid();
    }

    /** Appends in the transaction open on {@code connection}. */
    public Uni<Void> append(SqlConnection connection, EventEnvelope<?> envelope, String aggregateId) {
        return connection.preparedQuery(INSERT).execute(Tuple.from(values(envelope, aggregateId))).replaceWithVoid();
    }

    /** The statement's values, in parameter order. */
    private static List<Object> values(EventEnvelope<?> envelope, String aggregateId) {
        EventType type = EventType.fromWire(envelope.metadata().eventType())
                .orElseThrow(() -> new IllegalArgumentException("Unknown event type " + envelope.metadata().eventType()));
        String tenant = envelope.metadata().tenantId();
        // Only this service's own events pass through here, and it writes UUIDs (EventMetadata.create): the column, the
        // relay and the parked-event endpoints keep that type. A list, not List.of: traceparent may be null.
        return Arrays.asList(UUID.fromString(envelope.metadata().eventId()), tenant, type.wireName(), type.topic(),
                EventKeys.of(tenant, aggregateId), envelope.metadata().priority().wireName(),
                EventCodec.encodeToString(envelope), currentTraceparent());
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
