package dev.stockpulse.inventory.warehouse;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class WarehouseRepository implements PanacheRepositoryBase<Warehouse, UUID> {

    public Uni<Warehouse> findForTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }

    public Uni<List<Warehouse>> listForTenant(String tenantId) {
        return list("tenantId = ?1 order by code", tenantId);
    }

    public Uni<Boolean> codeTaken(String tenantId, String code) {
        return count("tenantId = ?1 and code = ?2", tenantId, code).map(n -> n > 0);
    }
}
