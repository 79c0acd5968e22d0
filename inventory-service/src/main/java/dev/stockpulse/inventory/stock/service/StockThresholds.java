package dev.stockpulse.inventory.stock.service;

import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.StockPriority;

/**
 * When a stock level crosses a threshold, which event says so. Pure: the level's quantity, its product's reorder
 * level, the priority last announced (null when the level was not low) and the days of stock remaining decide.
 *
 * <ul>
 * <li>at or under the reorder level and above zero: {@code inventory.low_stock} on entering low stock, and again
 * only when the priority rises — not on every change while it stays low;</li>
 * <li>at zero or below: {@code inventory.out_of_stock}, once;</li>
 * <li>back above the reorder level after being low: {@code inventory.stock.replenished}.</li>
 * </ul>
 */
public final class StockThresholds {

    /**
     * @param event the threshold event to emit, or null for none
     * @param priority the priority of the level now (ERP rule), and of the event
     * @param announced what to remember as announced: null once the level is no longer low
     */
    public record Transition(EventType event, Priority priority, Priority announced) {
    }

    private StockThresholds() {
    }

    public static Transition evaluate(long current, long reorderLevel, Priority announced, Double daysOfStockRemaining) {
        Priority now = StockPriority.evaluate(current, reorderLevel, daysOfStockRemaining);
        if (current > reorderLevel) {
            return new Transition(announced == null ? null : EventType.STOCK_REPLENISHED, now, null);
        }
        if (current <= 0) {
            return new Transition(announced == Priority.CRITICAL ? null : EventType.OUT_OF_STOCK, Priority.CRITICAL,
                    Priority.CRITICAL);
        }
        boolean rises = announced == null || now.isHigherThan(announced);
        return new Transition(rises ? EventType.LOW_STOCK : null, now, now);
    }
}
