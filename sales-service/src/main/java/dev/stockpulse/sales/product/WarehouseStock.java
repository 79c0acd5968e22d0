package dev.stockpulse.sales.product;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** The last level of one product in one warehouse that {@code inventory.stock.updated} reported. */
@Entity
@Table(name = "warehouse_stock_view")
@IdClass(WarehouseStock.Key.class)
public class WarehouseStock {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    @Column(name = "product_id")
    public String productId;

    @Id
    @Column(name = "warehouse_id")
    public String warehouseId;

    public long quantity;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static class Key implements Serializable {
        public String tenantId;
        public String productId;
        public String warehouseId;

        public Key() {
        }

        public Key(String tenantId, String productId, String warehouseId) {
            this.tenantId = tenantId;
            this.productId = productId;
            this.warehouseId = warehouseId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(productId, k.productId)
                    && Objects.equals(warehouseId, k.warehouseId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, productId, warehouseId);
        }
    }
}
