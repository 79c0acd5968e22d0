package dev.stockpulse.sales.alert.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.sales.alert.Alert;
import dev.stockpulse.sales.alert.AlertRepository;

/** Raises and updates alerts from inventory events. Runs inside the consumer's transaction. */
@ApplicationScoped
public class AlertService {

    public static final String KIND_LOW_STOCK = "low_stock";

    private final AlertRepository alerts;

    public AlertService(AlertRepository alerts) {
        this.alerts = alerts;
    }

    /** One open low-stock alert per product: a repeat updates it, and a higher priority escalates it. */
    public Uni<Alert> onLowStock(EventEnvelope<LowStockPayload> event) {
        LowStockPayload p = event.payload();
        String tenant = event.metadata().tenantId();
        Priority priority = event.metadata().priority();
        return alerts.findOpen(tenant, p.productId(), KIND_LOW_STOCK).flatMap(open -> {
            Instant now = Instant.now();
            Alert alert = open;
            if (alert == null) {
                alert = new Alert();
                alert.id = UUID.randomUUID();
                alert.tenantId = tenant;
                alert.productId = p.productId();
                alert.kind = KIND_LOW_STOCK;
                alert.status = Alert.STATUS_RAISED;
                alert.priority = priority.wireName();
                alert.raisedAt = now;
            } else if (priority.isHigherThan(Priority.fromWire(alert.priority))) {
                alert.status = Alert.STATUS_ESCALATED;
                alert.priority = priority.wireName();
            }
            alert.productSku = p.productSku();
            alert.productName = p.productName();
            alert.warehouseId = p.warehouseId();
            alert.currentStock = p.currentStock();
            alert.reorderLevel = p.reorderLevel();
            alert.daysOfStockRemaining = p.daysOfStockRemaining();
            alert.suggestedQuantity = suggestedQuantity(p);
            alert.suggestionRationale = "brings stock from " + p.currentStock() + " back to the reorder level "
                    + p.reorderLevel() + " plus the reorder quantity " + p.reorderQuantity();
            alert.message = p.productName() + " (" + p.productSku() + ") is low: " + p.currentStock() + " left at "
                    + (p.location() == null ? "its warehouse" : p.location()) + ", reorder level " + p.reorderLevel();
            alert.lastEventId = event.metadata().eventId();
            alert.updatedAt = now;
            return alerts.persist(alert);
        });
    }

    /** Enough to refill to the reorder level and then order the usual reorder quantity on top. */
    static long suggestedQuantity(LowStockPayload p) {
        return Math.max(0, p.reorderLevel() - p.currentStock()) + p.reorderQuantity();
    }
}
