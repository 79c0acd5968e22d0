package dev.stockpulse.inventory.stock.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.inventory.config.InventoryConfig;
import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.commons.outbox.OutboxWriter;
import dev.stockpulse.inventory.product.Product;
import dev.stockpulse.inventory.product.ProductRepository;
import dev.stockpulse.inventory.stock.StockLevel;
import dev.stockpulse.inventory.stock.StockLevelRepository;
import dev.stockpulse.inventory.stock.StockMovementRepository;
import dev.stockpulse.inventory.stock.StockReason;
import dev.stockpulse.inventory.stock.service.StockEventFactory.Cause;
import dev.stockpulse.inventory.warehouse.Warehouse;
import dev.stockpulse.inventory.warehouse.WarehouseRepository;

/**
 * Changes stock levels through Hibernate Reactive, in the transactions of reservations and of the scheduled
 * re-evaluation: locks the level, decides with {@link StockRules}, writes the new level, the ledger line and every
 * event the change causes into the outbox. REST adjustments take the reactive SQL client ({@link StockAdjustments})
 * with the same rules.
 */
@ApplicationScoped
public class StockService {

    public record AdjustmentResult(UUID movementId, UUID productId, UUID warehouseId, long previousQuantity,
            long currentQuantity, long delta, String reason, List<String> events) {
    }

    private final ProductRepository products;
    private final WarehouseRepository warehouses;
    private final StockLevelRepository levels;
    private final StockMovementRepository movements;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final StockEventFactory events;
    private final StockRules rules;
    private final InventoryConfig config;

    public StockService(ProductRepository products, WarehouseRepository warehouses, StockLevelRepository levels,
            StockMovementRepository movements, OutboxWriter outbox, OutboxRelay relay, StockEventFactory events,
            StockRules rules, InventoryConfig config) {
        this.products = products;
        this.warehouses = warehouses;
        this.levels = levels;
        this.movements = movements;
        this.outbox = outbox;
        this.relay = relay;
        this.events = events;
        this.rules = rules;
        this.config = config;
    }

    /**
     * Locks the level of a product in a warehouse and applies a signed change to it, in the caller's Hibernate
     * transaction (reservations and their release). Refuses a change that would take the level below zero unless
     * backorders are allowed ({@link StockRules}).
     */
    public Uni<AdjustmentResult> change(Cause cause, String actor, Product product, Warehouse warehouse, long delta,
            StockReason reason) {
        return levels.lockForUpdate(cause.tenantId(), product.id, warehouse.id)
                .flatMap(level -> movements.unitsSold(cause.tenantId(), product.id, warehouse.id, config.demandWindowDays())
                        .flatMap(sold -> {
                            StockRules.Decision decision = rules.decide(cause, actor, product, warehouse,
                                    level.quantity, level.alertPriority, delta, reason, sold);
                            level.quantity = decision.movement().newQuantity;
                            level.alertPriority = decision.alertPriority();
                            level.updatedAt = decision.movement().createdAt;
                            return movements.persist(decision.movement())
                                    .flatMap(m -> outbox.appendAll(decision.events(), product.id.toString()))
                                    .replaceWith(decision.result());
                        }));
    }

    /**
     * Time alone can raise a low level's priority (days of stock shrink as sales continue). Re-evaluates one low
     * level and emits {@code inventory.low_stock} if its priority rose since it was last announced.
     */
    public Uni<Boolean> reevaluate(UUID levelId) {
        return Panache.withTransaction(() -> levels.findById(levelId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(level -> {
                    if (level == null || level.alertPriority == null) {
                        return Uni.createFrom().item(false);
                    }
                    return products.findForTenant(level.tenantId, level.productId).flatMap(product -> warehouses
                            .findForTenant(level.tenantId, level.warehouseId)
                            .flatMap(warehouse -> movements.unitsSold(level.tenantId, level.productId, level.warehouseId,
                                    config.demandWindowDays()).flatMap(sold -> escalate(level, product, warehouse, sold))));
                })).invoke(escalated -> {
                    if (escalated) {
                        relay.signal();
                    }
                });
    }

    private Uni<Boolean> escalate(StockLevel level, Product product, Warehouse warehouse, long sold) {
        if (product == null || warehouse == null) {
            return Uni.createFrom().item(false);
        }
        Double daysLeft = StockRules.daysOfStockRemaining(level.quantity, sold, config.demandWindowDays());
        StockThresholds.Transition transition = StockThresholds.evaluate(level.quantity, product.reorderLevel,
                Priority.fromWire(level.alertPriority), daysLeft);
        // Only escalations are time-driven; crossings (out of stock, replenished) come with the change that made them.
        if (transition.event() != EventType.LOW_STOCK) {
            return Uni.createFrom().item(false);
        }
        level.alertPriority = transition.announced().wireName();
        Cause cause = new Cause(level.tenantId, "reevaluation-" + UUID.randomUUID(), null);
        EventEnvelope<?> event = events.threshold(cause, transition, product, warehouse, level.quantity, level.quantity,
                daysLeft);
        return outbox.append(event, product.id.toString()).replaceWith(true);
    }
}
