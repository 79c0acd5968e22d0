package dev.stockpulse.inventory.reservation;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ReservationRepository implements PanacheRepositoryBase<Reservation, UUID> {

    public Uni<List<Reservation>> unreleased(String tenantId, String orderId) {
        return list("tenantId = ?1 and orderId = ?2 and releasedAt is null order by productId, warehouseId",
                tenantId, orderId);
    }

    /**
     * Records an order event as handled, in the current transaction; false when it was handled before. Ids are the
     * producer's, unique only within a tenant, so another tenant's event with the same id is not a duplicate.
     */
    public Uni<Boolean> markProcessed(String eventId, String tenantId, String orderId, String eventType) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO processed_order_event (event_id, tenant_id, order_id, event_type)
                VALUES (:id, :tenant, :order, :type) ON CONFLICT (tenant_id, event_id) DO NOTHING""")
                .setParameter("id", eventId)
                .setParameter("tenant", tenantId)
                .setParameter("order", orderId)
                .setParameter("type", eventType)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
