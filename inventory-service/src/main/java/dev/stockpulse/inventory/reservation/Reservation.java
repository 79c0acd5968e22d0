package dev.stockpulse.inventory.reservation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Stock taken from one warehouse for one line of a sales order, until the order is cancelled. */
@Entity
@Table(name = "reservation")
public class Reservation {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "order_id", nullable = false, updatable = false)
    public String orderId;

    @Column(name = "product_id", nullable = false, updatable = false)
    public UUID productId;

    @Column(name = "warehouse_id", nullable = false, updatable = false)
    public UUID warehouseId;

    public long quantity;

    @Column(name = "released_at")
    public Instant releasedAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
