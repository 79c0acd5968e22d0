package dev.stockpulse.inventory.stock.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.text.ColumnText;
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
import dev.stockpulse.inventory.stock.StockMovement;
import dev.stockpulse.inventory.stock.StockMovementRepository;
import dev.stockpulse.inventory.stock.StockReason;
import dev.stockpulse.inventory.stock.service.StockEventFactory.Cause;
import dev.stockpulse.inventory.warehouse.Warehouse;
import dev.stockpulse.inventory.warehouse.WarehouseRepository;

/**
 * Changes stock levels. Each change runs in a transaction that locks the level, checks the rules, writes the new
 * level, the ledger line and every event the change causes into the outbox; after commit the relay is woken.
 */
@ApplicationScoped
public class StockService {

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
    private final StockEventFactory events;
    private final InventoryConfig config;

    public StockService(ProductRepository products, WarehouseRepository warehouses, StockLevelRepository levels,
            StockMovementRepository movements, OutboxWriter outbox, OutboxRelay relay, StockEventFactory events,
            InventoryConfig config) {
        this.products = products;
        this.warehouses = warehouses;
        this.levels = levels;
        this.movements = movements;
        this.outbox = outbox;
        this.relay = relay;
        this.events = events;
        this.config = config;
    }

    public Uni<AdjustmentResult> adjust(Adjustment adjustment) {
        return Panache.withTransaction(() -> adjustInTransaction(adjustment)).invoke(relay::signal);
    }

    /** The adjustment inside the caller's transaction (the idempotent path wraps it with its key bookkeeping). */
    public Uni<AdjustmentResult> adjustInTransaction(Adjustment a) {
        return products.findForTenant(a.tenantId(), a.productId()).flatMap(product -> {
            if (product == null) {
                throw ProblemException.notFound("Product", a.productId());
            }
            return warehouses.findForTenant(a.tenantId(), a.warehouseId()).flatMap(warehouse -> {
                if (warehouse == null) {
                    throw ProblemException.notFound("Warehouse", a.warehouseId());
                }
                Cause cause = new Cause(a.tenantId(), a.correlationId(), null);
                return change(cause, a.actor(), product, warehouse, a.quantity(), a.reason());
            });
        });
    }

    /**
     * Locks the level of a product in a warehouse and applies a signed change to it, in the caller's transaction.
     * Refuses a change that would take the level below zero unless backorders are allowed.
     */
    public Uni<AdjustmentResult> change(Cause cause, String actor, Product product, Warehouse warehouse, long delta,
            StockReason reason) {
        return levels.lockForUpdate(cause.tenantId(), product.id, warehouse.id)
                .flatMap(level -> apply(cause, actor, product, warehouse, level, delta, reason));
    }

    private Uni<AdjustmentResult> apply(Cause cause, String actor, Product product, Warehouse warehouse,
            StockLevel level, long delta, StockReason reason) {
        long previous = level.quantity;
        long current = Math.addExact(previous, delta);
        if (current < 0 && !config.allowsBackorders(cause.tenantId())) {
            throw ProblemException.conflict("insufficient-stock", "Insufficient stock",
                    "Stock of " + product.sku + " in " + warehouse.code + " is " + previous + "; removing " + (-delta)
                            + " would make it negative and this tenant does not allow backorders");
        }
        Instant now = Instant.now();
        level.quantity = current;
        level.updatedAt = now;
        StockMovement movement = new StockMovement();
        movement.id = UUID.randomUUID();
        movement.tenantId = cause.tenantId();
        movement.productId = product.id;
        movement.warehouseId = warehouse.id;
        movement.previousQuantity = previous;
        movement.newQuantity = current;
        movement.delta = delta;
        movement.reason = reason.wireName();
        movement.actor = actor;
        // The REST edge refuses longer ids; one another producer put on an order is cut rather than stall the order.
        movement.correlationId = ColumnText.fit(cause.correlationId(), StockMovement.CORRELATION_ID_LENGTH);
        movement.createdAt = now;

        return movements.persist(movement)
                .flatMap(m -> movements.unitsSold(cause.tenantId(), product.id, warehouse.id, config.demandWindowDays()))
                .flatMap(sold -> {
                    Double daysLeft = daysOfStockRemaining(current, sold, config.demandWindowDays());
                    Priority announced = level.alertPriority == null ? null : Priority.fromWire(level.alertPriority);
                    StockThresholds.Transition transition = StockThresholds.evaluate(current, product.reorderLevel,
                            announced, daysLeft);
                    level.alertPriority = transition.announced() == null ? null : transition.announced().wireName();
                    List<EventEnvelope<?>> caused = new ArrayList<>();
                    caused.add(events.stockUpdated(cause, product, movement, transition.priority()));
                    EventEnvelope<?> threshold = events.threshold(cause, transition, product, warehouse, previous,
                            current, daysLeft);
                    if (threshold != null) {
                        caused.add(threshold);
                    }
                    return outbox.appendAll(caused, product.id.toString())
                            .replaceWith(new AdjustmentResult(movement.id, product.id, warehouse.id, previous, current,
                                    delta, movement.reason, caused.stream().map(e -> e.metadata().eventType()).toList()));
                });
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
        Double daysLeft = daysOfStockRemaining(level.quantity, sold, config.demandWindowDays());
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
}
