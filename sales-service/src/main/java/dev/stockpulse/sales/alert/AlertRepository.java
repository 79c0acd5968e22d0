package dev.stockpulse.sales.alert;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<Alert, UUID> {

    public Uni<Alert> findOpen(String tenantId, String productId, String kind) {
        return find("tenantId = ?1 and productId = ?2 and kind = ?3 and status <> ?4",
                tenantId, productId, kind, Alert.STATUS_RESOLVED).firstResult();
    }

    public Uni<List<Alert>> listForTenant(String tenantId, int page, int size) {
        return find("tenantId = ?1 order by raisedAt desc", tenantId).page(page, size).list();
    }

    public Uni<Alert> findForTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }
}
