package dev.stockpulse.inventory.stock;

import java.time.Instant;
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
}
