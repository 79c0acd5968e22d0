package dev.stockpulse.sales.product;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * sales-service's view of one inventory product, built only from inventory-events: the catalogue entry (from
 * {@code inventory.product.*}) that prices orders, and the stock on hand and last sale (from
 * {@code inventory.stock.updated}) that the dead-stock scan reads.
 */
@Entity
@Table(name = "product_view")
@IdClass(ProductView.Key.class)
public class ProductView {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    @Column(name = "product_id")
    public String productId;

    public String sku;
    public String name;
    public String category;

    @Column(name = "unit_price")
    public BigDecimal unitPrice;

    @Column(name = "reorder_level")
    public Long reorderLevel;

    @Column(name = "reorder_quantity")
    public Long reorderQuantity;

    /** Whether inventory's catalogue event was seen; only then is the price known and may the product be ordered. */
    public boolean catalogued;

    public boolean active = true;
    public boolean deleted;

    /** Sum of the last known levels of all warehouses. */
    @Column(name = "stock_on_hand")
    public long stockOnHand;

    /** Since when stock has been on hand without interruption; null while there is none. */
    @Column(name = "on_hand_since")
    public Instant onHandSince;

    /** When a unit was last sold or reserved for an order (the event's time). */
    @Column(name = "last_sale_at")
    public Instant lastSaleAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean orderable() {
        return catalogued && active && !deleted && unitPrice != null;
    }

    /** A name for messages: the product's name and SKU as far as they are known. */
    public String label() {
        return label(name, sku, productId);
    }

    /** "Laptop (LAP-001)", or whichever of name and SKU is known, or the product id. */
    public static String label(String name, String sku, String productId) {
        if (name != null && sku != null) {
            return name + " (" + sku + ")";
        }
        return name != null ? name : sku != null ? sku : productId;
    }

    public static class Key implements Serializable {
        public String tenantId;
        public String productId;

        public Key() {
        }

        public Key(String tenantId, String productId) {
            this.tenantId = tenantId;
            this.productId = productId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(productId, k.productId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, productId);
        }
    }
}
