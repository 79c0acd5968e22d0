package dev.stockpulse.inventory.product;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ProductRepository implements PanacheRepositoryBase<Product, UUID> {

    /** A product of the tenant, or null: another tenant's product is indistinguishable from a missing one. */
    public Uni<Product> findForTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }

    public Uni<Boolean> skuTaken(String tenantId, String sku) {
        return count("tenantId = ?1 and sku = ?2", tenantId, sku).map(n -> n > 0);
    }
}
