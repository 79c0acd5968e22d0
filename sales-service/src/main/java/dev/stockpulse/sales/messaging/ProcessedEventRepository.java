package dev.stockpulse.sales.messaging;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.events.EventMetadata;

/** The idempotency ledger: which event ids have had their effects committed. */
@ApplicationScoped
public class ProcessedEventRepository {

    /** An event's identity. Ids are the producer's, unique only within a tenant. */
    public record EventRef(String tenantId, String eventId) {

        public static EventRef of(EventMetadata metadata) {
            return new EventRef(metadata.tenantId(), metadata.eventId());
        }
    }

    /**
     * Records the events inside the current transaction; answers those not processed before. Another tenant's event
     * with the same id is not a duplicate; an event given twice is answered once.
     *
     * <p>One insert per event: a single {@code INSERT … RETURNING} for all of them would be one statement, but
     * Hibernate caches the plan of a native query that returns rows under a key that never matches again, so every
     * execution adds an entry to a cache whose lookups then compare against all of them (a third of the consumer's CPU
     * in a profile).
     */
    public Uni<Set<EventRef>> markProcessed(List<EventMetadata> events) {
        Set<EventRef> inserted = new HashSet<>();
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> insert(event).invoke(first -> {
                    if (first) {
                        inserted.add(EventRef.of(event));
                    }
                }))
                .collect().last().replaceWith(inserted);
    }

    private Uni<Boolean> insert(EventMetadata event) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO processed_event (event_id, event_type, tenant_id) VALUES (:id, :type, :tenant)
                ON CONFLICT (tenant_id, event_id) DO NOTHING""")
                .setParameter("id", event.eventId())
                .setParameter("type", event.eventType())
                .setParameter("tenant", event.tenantId())
                .executeUpdate())
                .map(count -> count == 1);
    }
}
