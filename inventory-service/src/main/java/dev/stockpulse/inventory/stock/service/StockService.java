package dev.stockpulse.inventory.stock.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.StockPriority;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.inventory.OutOfStockPayload;
import dev.stockpulse.events.inventory.StockReplenishedPayload;
import dev.stockpulse.events.inventory.StockUpdatedPayload;
import dev.stockpulse.inventory.config.InventoryConfig;
import dev.stockpulse.inventory.outbox.OutboxRelay;
import dev.stockpulse.inventory.outbox.OutboxWriter;
import dev.stockpulse.inventory.product.Product;
import dev.stockpulse.inventory.product.ProductRepository;
import dev.stockpulse.inventory.stock.StockLevel;
import dev.stockpulse.inventory.stock.StockLevelRepository;
import dev.stockpulse.inventory.stock.StockMovement;
import dev.stockpulse.inventory.stock.StockMovementRepository;
import dev.stockpulse.inventory.stock.StockReason;
import dev.stockpulse.inventory.warehouse.Warehouse;
import dev.stockpulse.inventory.warehouse.WarehouseRepository;

/**
 * Changes stock levels. Each adjustment is one transaction: lock the level, check the rules, write the new level,
 * the ledger line and every event it causes into the outbox; after commit the relay is woken.
 */
@ApplicationScoped
public class StockService {

    public static final String SOURCE = "inventory-service";

    public record Adjustment(String tenantId, String actor, String correlationId, UUID productId, UUID warehouseId,
            long quantity, StockReason reason) {
    }

    public record AdjustmentResult(UUID movementId, UUID productId, UUID warehouseId, long previousQuantity,
            long currentQuantity, long delta, String reason, List<String> events) {
    }

    private final ProductRepository products;
    private final WarehouseRepository warehouses;
    private final StockLevelRepository levels;
    private final StockMovementRepository movements;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final InventoryConfig config;

    public StockService(ProductRepository products, WarehouseRepository warehouses, StockLevelRepository levels,
            StockMovementRepository movements, OutboxWriter outbox, OutboxRelay relay, InventoryConfig config) {
        this.products = products;
        this.warehouses = warehouses;
        this.levels = levels;
        this.movements = movements;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
    }

    public Uni<AdjustmentResult> adjust(Adjustment adjustment) {
        return Panache.withTransaction(() -> adjustInTransaction(adjustment))
                .invoke(relay::signal);
    }

    private Uni<AdjustmentResult> adjustInTransaction(Adjustment a) {
        return products.findForTenant(a.tenantId(), a.productId()).flatMap(product -> {
            if (product == null) {
                throw ProblemException.notFound("Product", a.productId());
            }
            return warehouses.findForTenant(a.tenantId(), a.warehouseId()).flatMap(warehouse -> {
                if (warehouse == null) {
                    throw ProblemException.notFound("Warehouse", a.warehouseId());
                }
                return levels.lockForUpdate(a.tenantId(), a.productId(), a.warehouseId())
                        .flatMap(level -> apply(a, product, warehouse, level));
            });
        });
    }

    private Uni<AdjustmentResult> apply(Adjustment a, Product product, Warehouse warehouse, StockLevel level) {
        long previous = level.quantity;
        long current = Math.addExact(previous, a.quantity());
        if (current < 0 && !config.allowBackorders()) {
            throw ProblemException.conflict("insufficient-stock", "Insufficient stock",
                    "Stock of " + product.sku + " in " + warehouse.code + " is " + previous + "; removing "
                            + (-a.quantity()) + " would make it negative and this tenant does not allow backorders");
        }
        Instant now = Instant.now();
        level.quantity = current;
        level.updatedAt = now;

        StockMovement movement = new StockMovement();
        movement.id = UUID.randomUUID();
        movement.tenantId = a.tenantId();
        movement.productId = product.id;
        movement.warehouseId = warehouse.id;
        movement.previousQuantity = previous;
        movement.newQuantity = current;
        movement.delta = a.quantity();
        movement.reason = a.reason().wireName();
        movement.actor = a.actor();
        movement.correlationId = a.correlationId();
        movement.createdAt = now;

        return movements.persist(movement)
                .flatMap(m -> movements.unitsSold(a.tenantId(), product.id, warehouse.id, config.demandWindowDays()))
                .flatMap(sold -> {
                    Double daysLeft = daysOfStockRemaining(current, sold, config.demandWindowDays());
                    List<EventEnvelope<?>> events = eventsFor(a, product, warehouse, level, previous, movement, daysLeft);
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (EventEnvelope<?> event : events) {
                        chain = chain.flatMap(v -> outbox.append(event, product.id.toString()).replaceWithVoid());
                    }
                    return chain.replaceWith(new AdjustmentResult(movement.id, product.id, warehouse.id, previous, current,
                            a.quantity(), movement.reason, events.stream().map(e -> e.metadata().eventType()).toList()));
                });
    }

    /**
     * Days until the level runs out at the average daily sales of the demand window; null when nothing sold,
     * because "no demand" is not "infinite days" for the priority rule to reason about.
     */
    static Double daysOfStockRemaining(long current, long unitsSold, int windowDays) {
        if (unitsSold <= 0) {
            return null;
        }
        double perDay = (double) unitsSold / windowDays;
        return Math.max(0, Math.round(current / perDay * 10) / 10.0);
    }

    /**
     * stock.updated always; low_stock on entering low stock or when its priority rises; out_of_stock on reaching
     * zero; replenished on climbing back above the reorder level.
     */
    private List<EventEnvelope<?>> eventsFor(Adjustment a, Product product, Warehouse warehouse, StockLevel level,
            long previous, StockMovement movement, Double daysLeft) {
        long current = level.quantity;
        List<EventEnvelope<?>> events = new ArrayList<>();
        Priority stockPriority = StockPriority.evaluate(current, product.reorderLevel, daysLeft);
        events.add(envelope(EventType.STOCK_UPDATED, a, stockPriority, new StockUpdatedPayload(product.id.toString(),
                product.sku, warehouse.id.toString(), previous, current, a.quantity(), movement.reason, movement.id.toString())));

        Priority announced = level.alertPriority == null ? null : Priority.fromWire(level.alertPriority);
        if (current <= product.reorderLevel) {
            if (current <= 0) {
                if (announced != Priority.CRITICAL) {
                    events.add(envelope(EventType.OUT_OF_STOCK, a, Priority.CRITICAL, new OutOfStockPayload(
                            product.id.toString(), product.sku, product.name, product.reorderLevel, product.reorderQuantity,
                            warehouse.id.toString(), warehouse.name)));
                }
            } else if (announced == null || stockPriority.isHigherThan(announced)) {
                events.add(envelope(EventType.LOW_STOCK, a, stockPriority, new LowStockPayload(product.id.toString(),
                        product.sku, product.name, current, product.reorderLevel, product.reorderQuantity,
                        product.unitPrice, product.category, warehouse.name, daysLeft, warehouse.id.toString())));
            }
            level.alertPriority = stockPriority.wireName();
        } else if (announced != null) {
            events.add(envelope(EventType.STOCK_REPLENISHED, a, Priority.LOW, new StockReplenishedPayload(
                    product.id.toString(), product.sku, product.name, previous, current, product.reorderLevel,
                    warehouse.id.toString())));
            level.alertPriority = null;
        }
        return events;
    }

    private static <P> EventEnvelope<P> envelope(EventType type, Adjustment a, Priority priority, P payload) {
        return new EventEnvelope<>(EventMetadata.create(type, SOURCE, a.tenantId(), a.correlationId(), priority), payload);
    }
}
