package dev.stockpulse.inventory.stock.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.inventory.OutOfStockPayload;
import dev.stockpulse.events.inventory.StockReplenishedPayload;
import dev.stockpulse.events.inventory.StockUpdatedPayload;
import dev.stockpulse.inventory.product.Product;
import dev.stockpulse.inventory.stock.StockMovement;
import dev.stockpulse.inventory.warehouse.Warehouse;

/** Builds inventory-service's stock events from the domain objects, so every path emits the same payloads. */
@ApplicationScoped
public class StockEventFactory {

    public static final String SOURCE = "inventory-service";

    /** Who and what caused an event: tenant, correlation of the request, the event that led to it (if any). */
    public record Cause(String tenantId, String correlationId, String causationId) {
    }

    public EventEnvelope<StockUpdatedPayload> stockUpdated(Cause cause, Product product, StockMovement movement,
            Priority priority) {
        return envelope(EventType.STOCK_UPDATED, cause, priority, new StockUpdatedPayload(product.id.toString(),
                product.sku, movement.warehouseId.toString(), movement.previousQuantity, movement.newQuantity,
                movement.delta, movement.reason, movement.id.toString()));
    }

    /** The threshold event a transition calls for, or null. */
    public EventEnvelope<?> threshold(Cause cause, StockThresholds.Transition transition, Product product,
            Warehouse warehouse, long previous, long current, Double daysLeft) {
        if (transition.event() == null) {
            return null;
        }
        String productId = product.id.toString();
        String warehouseId = warehouse.id.toString();
        return switch (transition.event()) {
            case LOW_STOCK -> envelope(EventType.LOW_STOCK, cause, transition.priority(), new LowStockPayload(productId,
                    product.sku, product.name, current, product.reorderLevel, product.reorderQuantity, product.unitPrice,
                    product.category, warehouse.name, daysLeft, warehouseId));
            case OUT_OF_STOCK -> envelope(EventType.OUT_OF_STOCK, cause, Priority.CRITICAL, new OutOfStockPayload(
                    productId, product.sku, product.name, product.reorderLevel, product.reorderQuantity, warehouseId,
                    warehouse.name));
            case STOCK_REPLENISHED -> envelope(EventType.STOCK_REPLENISHED, cause, Priority.LOW,
                    new StockReplenishedPayload(productId, product.sku, product.name, previous, current,
                            product.reorderLevel, warehouseId));
            default -> throw new IllegalArgumentException("Not a threshold event: " + transition.event());
        };
    }

    public <P> EventEnvelope<P> envelope(EventType type, Cause cause, Priority priority, P payload) {
        EventMetadata metadata = EventMetadata.create(type, SOURCE, cause.tenantId(), cause.correlationId(), priority);
        return new EventEnvelope<>(cause.causationId() == null ? metadata : metadata.withCausationId(cause.causationId()),
                payload);
    }
}
