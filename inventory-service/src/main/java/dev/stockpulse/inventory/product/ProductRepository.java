package dev.stockpulse.inventory.product;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ProductRepository implements PanacheRepositoryBase<Product, UUID> {

    /** A live product of the tenant, or null: another tenant's or a deleted product is indistinguishable from none. */
    public Uni<Product> findForTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2 and deletedAt is null", id, tenantId).firstResult();
    }

    public Uni<Boolean> skuTaken(String tenantId, String sku, UUID except) {
        return count("tenantId = ?1 and sku = ?2 and deletedAt is null and id <> ?3", tenantId, sku,
                except == null ? new UUID(0, 0) : except).map(n -> n > 0);
    }

    /** One page of the tenant's live products, by SKU; low stock only keeps those with a level at or under reorder. */
    public Uni<List<Product>> page(String tenantId, String category, boolean lowStockOnly, int page, int size) {
        return find(filter(category, lowStockOnly) + " order by p.sku", params(tenantId, category)).page(page, size).list();
    }

    public Uni<Long> countMatching(String tenantId, String category, boolean lowStockOnly) {
        return count(filter(category, lowStockOnly), params(tenantId, category));
    }

    private static String filter(String category, boolean lowStockOnly) {
        StringBuilder q = new StringBuilder("from Product p where p.tenantId = :tenant and p.deletedAt is null");
        if (category != null) {
            q.append(" and p.category = :category");
        }
        if (lowStockOnly) {
            q.append(" and exists (select 1 from StockLevel l where l.productId = p.id and l.quantity <= p.reorderLevel)");
        }
        return q.toString();
    }

    private static Parameters params(String tenantId, String category) {
        Parameters params = Parameters.with("tenant", tenantId);
        return category == null ? params : params.and("category", category);
    }
}
