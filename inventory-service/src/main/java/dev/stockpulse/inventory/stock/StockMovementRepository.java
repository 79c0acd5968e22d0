package dev.stockpulse.inventory.stock;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class StockMovementRepository implements PanacheRepositoryBase<StockMovement, UUID> {

    /** Units sold or reserved for orders from a warehouse over the last {@code days} days, as a positive number. */
    public Uni<Long> unitsSold(String tenantId, UUID productId, UUID warehouseId, int days) {
        Instant since = Instant.now().minus(days, ChronoUnit.DAYS);
        return getSession().flatMap(session -> session.createSelectionQuery(
                "select coalesce(sum(-m.delta), 0) from StockMovement m where m.tenantId = :tenant"
                        + " and m.productId = :product and m.warehouseId = :warehouse and m.reason in :reasons"
                        + " and m.delta < 0 and m.createdAt >= :since", Long.class)
                .setParameter("tenant", tenantId)
                .setParameter("product", productId)
                .setParameter("warehouse", warehouseId)
                .setParameter("reasons", StockReason.DEMAND.stream().map(StockReason::wireName).toList())
                .setParameter("since", since)
                .getSingleResult());
    }

    /** The ledger of a tenant, newest first, optionally for one product and/or warehouse. */
    public Uni<List<StockMovement>> ledger(String tenantId, UUID productId, UUID warehouseId, int page, int size) {
        StringBuilder query = new StringBuilder("tenantId = :tenant");
        Parameters params = Parameters.with("tenant", tenantId);
        if (productId != null) {
            query.append(" and productId = :product");
            params.and("product", productId);
        }
        if (warehouseId != null) {
            query.append(" and warehouseId = :warehouse");
            params.and("warehouse", warehouseId);
        }
        return find(query + " order by createdAt desc, id", params).page(page, size).list();
    }
}
