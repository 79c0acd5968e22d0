package dev.stockpulse.sales.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The idempotency ledger: which event ids have had their effects committed. */
@ApplicationScoped
public class ProcessedEventRepository {

    /**
     * Records the event inside the current transaction; false when it was processed before. Ids are the producer's,
     * unique only within a tenant, so another tenant's event with the same id is not a duplicate.
     */
    public Uni<Boolean> markProcessed(String eventId, String eventType, String tenantId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO processed_event (event_id, event_type, tenant_id) VALUES (:id, :type, :tenant)
                ON CONFLICT (tenant_id, event_id) DO NOTHING""")
                .setParameter("id", eventId)
                .setParameter("type", eventType)
                .setParameter("tenant", tenantId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
