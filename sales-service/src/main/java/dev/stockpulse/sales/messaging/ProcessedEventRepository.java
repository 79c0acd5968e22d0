package dev.stockpulse.sales.messaging;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
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
     * Records the events inside the current transaction, in one statement; answers those not processed before.
     * Another tenant's event with the same id is not a duplicate. An event given twice is recorded (and answered)
     * once.
     */
    public Uni<Set<EventRef>> markProcessed(Collection<EventMetadata> events) {
        Set<EventRef> seen = new HashSet<>();
        List<EventMetadata> distinct = events.stream().filter(metadata -> seen.add(EventRef.of(metadata))).toList();
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO processed_event (tenant_id, event_id, event_type)
                SELECT * FROM unnest(cast(:tenants AS varchar[]), cast(:ids AS varchar[]), cast(:types AS varchar[]))
                ON CONFLICT (tenant_id, event_id) DO NOTHING
                RETURNING tenant_id, event_id""", Object[].class)
                .setParameter("tenants", distinct.stream().map(EventMetadata::tenantId).toArray(String[]::new))
                .setParameter("ids", distinct.stream().map(EventMetadata::eventId).toArray(String[]::new))
                .setParameter("types", distinct.stream().map(EventMetadata::eventType).toArray(String[]::new))
                .getResultList())
                .map(rows -> {
                    Set<EventRef> inserted = new HashSet<>();
                    for (Object[] row : rows) {
                        inserted.add(new EventRef((String) row[0], (String) row[1]));
                    }
                    return inserted;
                });
    }
}
