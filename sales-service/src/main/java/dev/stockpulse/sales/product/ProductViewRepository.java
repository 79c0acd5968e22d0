package dev.stockpulse.sales.product;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ProductViewRepository implements PanacheRepositoryBase<ProductView, ProductView.Key> {

    public Uni<ProductView> find(String tenantId, String productId) {
        return findById(new ProductView.Key(tenantId, productId));
    }

    public Uni<List<ProductView>> findAll(String tenantId, Collection<String> productIds) {
        return list("tenantId = ?1 and productId in ?2", tenantId, productIds);
    }

    /**
     * Products of every tenant with stock on hand and neither a sale nor a restock since {@code cutoff}, a page at a
     * time in key order (the dead-stock scan).
     */
    public Uni<List<ProductView>> unsoldSince(Instant cutoff, int page, int size) {
        return find("stockOnHand > 0 and deleted = false and onHandSince < ?1 and (lastSaleAt is null or lastSaleAt < ?1)"
                + " order by tenantId, productId", cutoff).page(page, size).list();
    }
}
