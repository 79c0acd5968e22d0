package dev.stockpulse.inventory.stock;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One line of the movement ledger: every change of a stock level, who made it and why. */
@Entity
@Table(name = "stock_movement")
public class StockMovement {

    /** Length of the correlation_id column (V1 migration). */
    public static final int CORRELATION_ID_LENGTH = 128;

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "product_id", nullable = false, updatable = false)
    public UUID productId;

    @Column(name = "warehouse_id", nullable = false, updatable = false)
    public UUID warehouseId;

    @Column(name = "previous_quantity")
    public long previousQuantity;

    @Column(name = "new_quantity")
    public long newQuantity;

    public long delta;
    public String reason;
    public String actor;

    @Column(name = "correlation_id")
    public String correlationId;

    @Column(name = "created_at")
    public Instant createdAt;
}
