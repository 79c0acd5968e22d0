package dev.stockpulse.inventory.stock.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.text.ColumnText;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.Priority;
import dev.stockpulse.inventory.config.InventoryConfig;
import dev.stockpulse.inventory.product.Product;
import dev.stockpulse.inventory.stock.StockMovement;
import dev.stockpulse.inventory.stock.StockReason;
import dev.stockpulse.inventory.stock.service.StockEventFactory.Cause;
import dev.stockpulse.inventory.stock.service.StockService.AdjustmentResult;
import dev.stockpulse.inventory.warehouse.Warehouse;

/**
 * The rules of one signed change to a locked stock level, without I/O: the backorder rule, the ledger line, the
 * thresholds and priority ({@link StockThresholds}) and the events in the order they go to the outbox. Both ways a
 * change is written share them: REST adjustments on the reactive SQL client ({@link StockAdjustments}) and the
 * Hibernate transactions of reservations ({@link StockService#change}); each path only reads the facts and writes
 * the decision.
 */
@ApplicationScoped
public class StockRules {

    /**
     * What a change decided.
     *
     * @param movement the ledger line, with the level's previous and new quantity
     * @param alertPriority the low-stock priority the level remembers as announced from now on (null: not low)
     * @param events the events the change causes, in outbox order ({@code inventory.stock.updated} first)
     */
    public record Decision(StockMovement movement, String alertPriority, List<EventEnvelope<?>> events) {

        public AdjustmentResult result() {
            return new AdjustmentResult(movement.id, movement.productId, movement.warehouseId,
                    movement.previousQuantity, movement.newQuantity, movement.delta, movement.reason,
                    events.stream().map(e -> e.metadata().eventType()).toList());
        }
    }

    private final InventoryConfig config;
    private final StockEventFactory events;

    public StockRules(InventoryConfig config, StockEventFactory events) {
        this.config = config;
        this.events = events;
    }

    /**
     * Decides a change of a level the caller holds locked, or refuses one that would take it below zero when the
     * tenant does not allow backorders (409 {@code insufficient-stock}).
     *
     * @param previous the level's quantity before the change
     * @param announced the level's {@code alert_priority} (null: not announced as low)
     * @param unitsSoldBefore units sold or reserved from the warehouse within the demand window before this change
     *        ({@link dev.stockpulse.inventory.stock.StockMovementRepository#unitsSold}); the change itself counts
     *        when it is demand, as it does once its ledger line is written
     */
    public Decision decide(Cause cause, String actor, Product product, Warehouse warehouse, long previous,
            String announced, long delta, StockReason reason, long unitsSoldBefore) {
        long current = Math.addExact(previous, delta);
        if (current < 0 && !config.allowsBackorders(cause.tenantId())) {
            throw ProblemException.conflict("insufficient-stock", "Insufficient stock",
                    "Stock of " + product.sku + " in " + warehouse.code + " is " + previous + "; removing " + (-delta)
                            + " would make it negative and this tenant does not allow backorders");
        }
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
        movement.createdAt = Instant.now();

        long sold = unitsSoldBefore + (StockReason.DEMAND.contains(reason) && delta < 0 ? -delta : 0);
        Double daysLeft = daysOfStockRemaining(current, sold, config.demandWindowDays());
        StockThresholds.Transition transition = StockThresholds.evaluate(current, product.reorderLevel,
                announced == null ? null : Priority.fromWire(announced), daysLeft);
        List<EventEnvelope<?>> caused = new ArrayList<>(2);
        caused.add(events.stockUpdated(cause, product, movement, transition.priority()));
        EventEnvelope<?> threshold = events.threshold(cause, transition, product, warehouse, previous, current,
                daysLeft);
        if (threshold != null) {
            caused.add(threshold);
        }
        return new Decision(movement, transition.announced() == null ? null : transition.announced().wireName(),
                List.copyOf(caused));
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
