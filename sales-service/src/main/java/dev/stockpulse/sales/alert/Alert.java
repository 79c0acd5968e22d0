package dev.stockpulse.sales.alert;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Something a sales team should act on about one product of one tenant. */
@Entity
@Table(name = "alert")
public class Alert {

    public static final String STATUS_RAISED = "raised";
    public static final String STATUS_ESCALATED = "escalated";
    public static final String STATUS_RESOLVED = "resolved";

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "product_id", nullable = false, updatable = false)
    public String productId;

    @Column(name = "product_sku")
    public String productSku;

    @Column(name = "product_name")
    public String productName;

    @Column(name = "warehouse_id")
    public String warehouseId;

    public String kind;
    public String status;
    public String priority;

    @Column(name = "current_stock")
    public Long currentStock;

    @Column(name = "reorder_level")
    public Long reorderLevel;

    @Column(name = "days_of_stock_remaining")
    public Double daysOfStockRemaining;

    @Column(name = "suggested_quantity")
    public Long suggestedQuantity;

    @Column(name = "suggestion_rationale")
    public String suggestionRationale;

    public String message;

    @Column(name = "last_event_id")
    public UUID lastEventId;

    @Column(name = "raised_at")
    public Instant raisedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;
}
