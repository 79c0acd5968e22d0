package dev.stockpulse.sales.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An order of one buyer. {@code pending} until inventory-service answers: {@code confirmed} when it reserved every
 * line, {@code rejected} when it could not; {@code cancelled} by the buyer or staff (inventory releases the stock).
 */
@Entity
@Table(name = "sales_order")
public class SalesOrder {

    public static final String STATUS_PENDING = "pending";
    public static final String STATUS_CONFIRMED = "confirmed";
    public static final String STATUS_REJECTED = "rejected";
    public static final String STATUS_CANCELLED = "cancelled";
    public static final String STATUS_DELIVERED = "delivered";
    /** Length of the reason column (V2 migration). */
    public static final int REASON_LENGTH = 500;

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    /** The buyer (JWT subject). */
    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    public String status;

    public BigDecimal total;

    /** Why it was rejected or cancelled. */
    public String reason;

    @Column(name = "correlation_id")
    public String correlationId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
