package dev.stockpulse.sales.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.stockpulse.commons.text.ColumnText;

/**
 * An order of one buyer, and the rules of its lifecycle. A new order is {@link OrderStatus#PENDING} until
 * inventory-service answers: {@link #confirm()} when it reserved every line, {@link #reject(String)} when it could not;
 * the buyer or staff may {@link #cancel(String, String)} it while pending or confirmed (inventory releases the stock);
 * staff {@link #deliver()} a confirmed one.
 *
 * <p>Each transition answers whether it changed the order. Asking again for the status the order is already in is no
 * change ({@code false}): a redelivered answer from inventory, a double click on cancel or deliver. Asking for a status
 * the order cannot reach from where it is throws {@link IllegalOrderTransitionException} and changes nothing.
 */
@Entity
@Table(name = "sales_order")
public class SalesOrder {

    /** Length of the reason column (V2 migration). */
    private static final int REASON_LENGTH = 500;

    private static final Set<OrderStatus> FROM_PENDING = EnumSet.of(OrderStatus.PENDING);
    private static final Set<OrderStatus> FROM_OPEN = EnumSet.of(OrderStatus.PENDING, OrderStatus.CONFIRMED);
    private static final Set<OrderStatus> FROM_CONFIRMED = EnumSet.of(OrderStatus.CONFIRMED);

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    /** The buyer (JWT subject). */
    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    @Convert(converter = OrderStatusConverter.class)
    private OrderStatus status = OrderStatus.PENDING;

    public BigDecimal total;

    /** Why it was rejected or cancelled. */
    private String reason;

    @Column(name = "correlation_id")
    public String correlationId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** When inventory confirmed it; kept when it moves on to delivered or cancelled (the daily summaries count it). */
    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    public OrderStatus status() {
        return status;
    }

    /** Why it was rejected or cancelled; null otherwise. */
    public String reason() {
        return reason;
    }

    /** inventory-service reserved every line of the pending order. */
    public boolean confirm() {
        boolean changed = moveTo(OrderStatus.CONFIRMED, "confirm", FROM_PENDING);
        if (changed) {
            confirmedAt = updatedAt;
        }
        return changed;
    }

    /** inventory-service could not reserve every line of the pending order; {@code reason} says which fell short. */
    public boolean reject(String reason) {
        boolean changed = moveTo(OrderStatus.REJECTED, "reject", FROM_PENDING);
        if (changed) {
            // One entry per short line: an order of a few dozen products runs past the column.
            this.reason = ColumnText.fit(reason, REASON_LENGTH);
        }
        return changed;
    }

    /**
     * The buyer or staff cancel a pending or confirmed order. A repeat keeps the first reason.
     *
     * @param by     who cancels (JWT subject)
     * @param reason in their words; when blank, the reason names who cancelled
     */
    public boolean cancel(String by, String reason) {
        boolean changed = moveTo(OrderStatus.CANCELLED, "cancel", FROM_OPEN);
        if (changed) {
            this.reason = ColumnText.fit(reason == null || reason.isBlank()
                    ? (userId.equals(by) ? "cancelled by the customer" : "cancelled by " + by)
                    : reason.strip(), REASON_LENGTH);
        }
        return changed;
    }

    /** Staff handed the confirmed order over to its buyer. */
    public boolean deliver() {
        return moveTo(OrderStatus.DELIVERED, "deliver", FROM_CONFIRMED);
    }

    private boolean moveTo(OrderStatus target, String action, Set<OrderStatus> allowedFrom) {
        if (status == target) {
            return false;
        }
        if (!allowedFrom.contains(status)) {
            throw new IllegalOrderTransitionException(status, action);
        }
        status = target;
        updatedAt = Instant.now();
        return true;
    }
}
