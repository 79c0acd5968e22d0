package dev.stockpulse.inventory.stock;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class StockLevelRepository implements PanacheRepositoryBase<StockLevel, UUID> {

    /**
     * The level of a product in a warehouse, created at zero if absent, and locked for the rest of the
     * transaction: concurrent adjustments of one product queue here instead of losing updates.
     */
    public Uni<StockLevel> lockForUpdate(String tenantId, UUID productId, UUID warehouseId) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO stock_level (id, tenant_id, product_id, warehouse_id, quantity, updated_at)
                VALUES (:id, :tenant, :product, :warehouse, 0, :now)
                ON CONFLICT (product_id, warehouse_id) DO NOTHING""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("tenant", tenantId)
                .setParameter("product", productId)
                .setParameter("warehouse", warehouseId)
                .setParameter("now", Instant.now())
                .executeUpdate())
                .flatMap(inserted -> find("productId = ?1 and warehouseId = ?2", productId, warehouseId)
                        .withLock(LockModeType.PESSIMISTIC_WRITE)
                        .firstResult());
    }

    /** Levels currently announced as low, for the scheduled re-evaluation. */
    public Uni<List<UUID>> lowLevelIds() {
        return getSession().flatMap(session -> session
                .createSelectionQuery("select l.id from StockLevel l where l.alertPriority is not null", UUID.class)
                .getResultList());
    }

    public Uni<List<StockLevel>> byProduct(String tenantId, UUID productId) {
        return list("tenantId = ?1 and productId = ?2", tenantId, productId);
    }

    public Uni<List<StockLevel>> byWarehouse(String tenantId, UUID warehouseId) {
        return list("tenantId = ?1 and warehouseId = ?2", tenantId, warehouseId);
    }

    /** Every level of a product, locked, in warehouse order (a fixed order, so concurrent orders cannot deadlock). */
    public Uni<List<StockLevel>> lockAllOfProduct(String tenantId, UUID productId) {
        return find("tenantId = ?1 and productId = ?2 order by warehouseId", tenantId, productId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
