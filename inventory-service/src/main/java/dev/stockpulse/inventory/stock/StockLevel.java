package dev.stockpulse.inventory.stock;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The quantity of one product in one warehouse, and the low-stock priority last announced for it. */
@Entity
@Table(name = "stock_level")
public class StockLevel {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "product_id", nullable = false, updatable = false)
    public UUID productId;

    @Column(name = "warehouse_id", nullable = false, updatable = false)
    public UUID warehouseId;

    public long quantity;

    /** Null while the level is above the reorder level; otherwise the priority of the last low-stock event. */
    @Column(name = "alert_priority")
    public String alertPriority;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
