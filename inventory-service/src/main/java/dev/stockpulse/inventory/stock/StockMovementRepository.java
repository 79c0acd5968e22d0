package dev.stockpulse.inventory.stock;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class StockMovementRepository implements PanacheRepositoryBase<StockMovement, UUID> {

    /** Units sold from a warehouse over the last {@code days} days, as a positive number. */
    public Uni<Long> unitsSold(String tenantId, UUID productId, UUID warehouseId, int days) {
        Instant since = Instant.now().minus(days, ChronoUnit.DAYS);
        return getSession().flatMap(session -> session.createSelectionQuery(
                "select coalesce(sum(-m.delta), 0) from StockMovement m where m.tenantId = :tenant"
                        + " and m.productId = :product and m.warehouseId = :warehouse and m.reason = :reason"
                        + " and m.delta < 0 and m.createdAt >= :since", Long.class)
                .setParameter("tenant", tenantId)
                .setParameter("product", productId)
                .setParameter("warehouse", warehouseId)
                .setParameter("reason", StockReason.SALE.wireName())
                .setParameter("since", since)
                .getSingleResult());
    }
}
