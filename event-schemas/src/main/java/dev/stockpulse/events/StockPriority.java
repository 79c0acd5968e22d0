package dev.stockpulse.events;

/** The priority of a stock level, as the ERP system defined it; inventory-service and sales-service both use it. */
public final class StockPriority {

    private static final double HIGH_WHEN_DAYS_BELOW = 3.0;

    private StockPriority() {
    }

    /**
     * The ERP rule: CRITICAL when {@code currentStock <= 0} (a negative stock is a backorder); HIGH when fewer than
     * 3 days of stock remain or the stock is under 50% of the reorder level; MEDIUM when the stock is at or under
     * the reorder level; LOW otherwise.
     *
     * @param daysOfStockRemaining null when there is no sales history to estimate it from; then only the
     *                             quantities count
     * @throws IllegalArgumentException for a negative reorder level or a NaN day count, which are bugs upstream
     *                                  that a silent LOW would hide
     */
    public static Priority evaluate(long currentStock, long reorderLevel, Double daysOfStockRemaining) {
        Checks.nonNegative(reorderLevel, "reorder_level");
        if (daysOfStockRemaining != null && daysOfStockRemaining.isNaN()) {
            throw new IllegalArgumentException("days_of_stock_remaining must be a number, was NaN");
        }
        if (currentStock <= 0) {
            return Priority.CRITICAL;
        }
        if (daysOfStockRemaining != null && daysOfStockRemaining < HIGH_WHEN_DAYS_BELOW) {
            return Priority.HIGH;
        }
        // currentStock * 2 < reorderLevel, rearranged so that it cannot overflow: both operands are >= 0 here.
        if (currentStock < reorderLevel - currentStock) {
            return Priority.HIGH;
        }
        if (currentStock <= reorderLevel) {
            return Priority.MEDIUM;
        }
        return Priority.LOW;
    }
}
