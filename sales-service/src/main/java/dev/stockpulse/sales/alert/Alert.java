package dev.stockpulse.sales.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.stockpulse.events.sales.AlertPayload;

/**
 * Something a sales team should act on about one product of one tenant. At most one alert per tenant, product and
 * kind is open (not resolved) at a time; the database's partial unique index holds that.
 */
@Entity
@Table(name = "alert")
public class Alert {

    public static final String STATUS_RAISED = AlertPayload.STATUS_RAISED;
    public static final String STATUS_ESCALATED = AlertPayload.STATUS_ESCALATED;
    public static final String STATUS_ACKNOWLEDGED = AlertPayload.STATUS_ACKNOWLEDGED;
    public static final String STATUS_RESOLVED = AlertPayload.STATUS_RESOLVED;
    /** Length of the composed texts' columns: message, suggestion_rationale, resolution (V1, V2 migrations). */
    public static final int TEXT_LENGTH = 500;

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

    @Column(nullable = false, updatable = false)
    public String kind;

    public String status;
    public String priority;

    @Column(name = "current_stock")
    public Long currentStock;

    @Column(name = "reorder_level")
    public Long reorderLevel;

    @Column(name = "reorder_quantity")
    public Long reorderQuantity;

    @Column(name = "days_of_stock_remaining")
    public Double daysOfStockRemaining;

    @Column(name = "days_since_last_sale")
    public Integer daysSinceLastSale;

    @Column(name = "stock_value")
    public BigDecimal stockValue;

    @Column(name = "suggested_quantity")
    public Long suggestedQuantity;

    @Column(name = "suggestion_rationale")
    public String suggestionRationale;

    /** Pending order ids, comma-separated; see {@link #ordersAtRisk()}. */
    @Column(name = "orders_at_risk")
    public String ordersAtRiskColumn;

    public String message;

    /** The inventory event that last changed the alert's numbers; null for the dead-stock scan and for people. */
    @Column(name = "last_event_id")
    public String lastEventId;

    @Column(name = "raised_at")
    public Instant raisedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "acknowledged_by")
    public String acknowledgedBy;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    /** The person who resolved it; null when it resolved itself (replenishment, a sale). */
    @Column(name = "resolved_by")
    public String resolvedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    /** Why it was resolved, in words. */
    public String resolution;

    public List<String> ordersAtRisk() {
        return ordersAtRiskColumn == null || ordersAtRiskColumn.isBlank() ? List.of()
                : Arrays.asList(ordersAtRiskColumn.split(","));
    }

    public void ordersAtRisk(List<String> orderIds) {
        ordersAtRiskColumn = orderIds == null || orderIds.isEmpty() ? null : String.join(",", orderIds);
    }

    public boolean isOpen() {
        return !STATUS_RESOLVED.equals(status);
    }
}
