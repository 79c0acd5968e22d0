package dev.stockpulse.sales.product;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ProductViewRepository implements PanacheRepositoryBase<ProductView, ProductView.Key> {

    public Uni<ProductView> find(String tenantId, String productId) {
        return findById(new ProductView.Key(tenantId, productId));
    }

    /**
     * The product, its row locked for the rest of the transaction. The consumer applying a stock change or a deletion
     * and the dead-stock scan both read the product this way before they touch its {@code dead_stock} alert, so one
     * waits for the other's commit: otherwise a sale could look for the alert to resolve before the scan's alert is
     * committed, while the scan still sees the product unsold, and that alert would stay open. The consumer's update of
     * the row does not serialise them: Hibernate flushes it at commit, after the alert lookup.
     */
    public Uni<ProductView> findForUpdate(String tenantId, String productId) {
        return findById(new ProductView.Key(tenantId, productId), LockModeType.PESSIMISTIC_WRITE);
    }

    /** The products, their rows locked as {@link #findForUpdate} locks one, in one statement (key order). */
    public Uni<List<ProductView>> findAllForUpdate(String tenantId, Collection<String> productIds) {
        return find("tenantId = ?1 and productId in ?2 order by productId", tenantId, productIds)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
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
