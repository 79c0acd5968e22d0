package dev.stockpulse.sales.product;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class WarehouseStockRepository implements PanacheRepositoryBase<WarehouseStock, WarehouseStock.Key> {

    public Uni<WarehouseStock> find(String tenantId, String productId, String warehouseId) {
        return findById(new WarehouseStock.Key(tenantId, productId, warehouseId));
    }

    /** Every warehouse's level of these products. */
    public Uni<List<WarehouseStock>> findAll(String tenantId, Collection<String> productIds) {
        return list("tenantId = ?1 and productId in ?2", tenantId, productIds);
    }

    /** Whether a warehouse other than {@code warehouseId} last reported the product at or under {@code level}. */
    public Uni<Boolean> anotherAtOrUnder(String tenantId, String productId, String warehouseId, long level) {
        return count("tenantId = ?1 and productId = ?2 and warehouseId <> ?3 and quantity <= ?4",
                tenantId, productId, warehouseId == null ? "" : warehouseId, level).map(n -> n > 0);
    }
}
