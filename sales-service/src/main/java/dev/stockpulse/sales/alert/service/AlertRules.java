package dev.stockpulse.sales.alert.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.stockpulse.events.Priority;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.inventory.OutOfStockPayload;
import dev.stockpulse.events.sales.AlertPayload;
import dev.stockpulse.events.sales.ReorderSuggestion;
import dev.stockpulse.sales.forecast.StockCover;
import dev.stockpulse.sales.order.OrderRepository.PendingDemand;
import dev.stockpulse.sales.product.ProductView;

/**
 * Which alerts a stock situation calls for, with their priority, numbers, reorder suggestion and message. Pure: the
 * inventory event (or the product view), the pending orders of the product and the settings decide.
 *
 * <ul>
 * <li>{@code inventory.low_stock} raises {@code low_stock}; with it {@code stockout_risk} when fewer than
 * {@code stockoutRiskDays} days of stock remain (by the product's forecast where it has one, else inventory's), and {@code reorder_needed} when the stock will not last the reorder
 * lead time or cannot serve the pending orders. All three take the event's priority (the ERP rule).</li>
 * <li>{@code inventory.out_of_stock} raises {@code out_of_stock}, critical.</li>
 * <li>Stock on hand with neither a sale nor a restock for {@code deadStockDays} is {@code dead_stock}: low priority,
 * medium after twice as long. It carries no reorder suggestion: the advice is to sell, not to buy.</li>
 * </ul>
 */
public final class AlertRules {

    /** The thresholds, from {@code sales.alerts.*}. */
    public record Settings(double stockoutRiskDays, double reorderLeadTimeDays, int deadStockDays) {
    }

    /**
     * The product's demand forecast, where it has one: sales-service's own estimate, for the product as a whole (its
     * stock on hand in every warehouse against the forecast demand), used instead of inventory's per-warehouse
     * trailing average.
     *
     * @param daysOfStock  days until the forecast demand uses up the stock on hand; infinite when none is forecast
     * @param serviceLevel the probability the reorder is to cover the demand with, e.g. 0.95
     * @param reviewDays   days between two looks at the stock, covered on top of the lead time
     */
    public record ForecastCover(String method, long stockOnHand, double daysOfStock, StockCover.Reorder reorder,
            double serviceLevel, double leadTimeDays, double reviewDays) {
    }

    /** What the rules found for one kind of alert about one product; an alert is raised or updated from it. */
    public record Finding(String kind, Priority priority, String productSku, String productName, String warehouseId,
            Long currentStock, Long reorderLevel, Long reorderQuantity, Double daysOfStockRemaining,
            Integer daysSinceLastSale, BigDecimal stockValue, ReorderSuggestion suggestion, List<String> ordersAtRisk,
            String message) {
    }

    private AlertRules() {
    }

    /**
     * @param cover the product's forecast, or null: then the days of stock are inventory's (the event's) and the
     *              suggestion refills to the reorder level
     */
    public static List<Finding> lowStock(LowStockPayload p, Priority priority, PendingDemand pending, Settings settings,
            ForecastCover cover) {
        String label = ProductView.label(p.productName(), p.productSku(), p.productId());
        Double days = cover == null ? p.daysOfStockRemaining()
                : Double.isInfinite(cover.daysOfStock()) ? null : Math.round(cover.daysOfStock() * 10) / 10.0;
        ReorderSuggestion suggestion = cover == null
                ? suggestion(p.currentStock(), p.reorderLevel(), p.reorderQuantity(), pending, days)
                : suggestion(cover, pending);
        List<Finding> found = new ArrayList<>();
        found.add(finding(AlertPayload.KIND_LOW_STOCK, priority, p, days, suggestion, pending,
                label + " is low: " + p.currentStock() + " left at " + place(p.location()) + ", reorder level "
                        + p.reorderLevel() + atRisk(pending)));
        if (days != null && days < settings.stockoutRiskDays()) {
            String where = cover == null ? " at " + place(p.location())
                    : " (" + cover.stockOnHand() + " on hand at the forecast demand)";
            found.add(finding(AlertPayload.KIND_STOCKOUT_RISK, priority, p, days, suggestion, pending,
                    label + " may run out in about " + days + " days" + where + " (under "
                            + number(settings.stockoutRiskDays()) + ")" + atRisk(pending)));
        }
        boolean outlastsLeadTime = days == null || days >= settings.reorderLeadTimeDays();
        boolean servesPending = pending.units() == 0 || pending.units() < p.currentStock();
        if (!outlastsLeadTime || !servesPending) {
            String why = !servesPending
                    ? "pending orders need " + pending.units() + ", only " + p.currentStock() + " left"
                    : "the " + p.currentStock() + " left last about " + days + " days, less than the "
                            + number(settings.reorderLeadTimeDays()) + "-day lead time";
            found.add(finding(AlertPayload.KIND_REORDER_NEEDED, priority, p, days, suggestion, pending,
                    "Reorder " + label + " now: " + why));
        }
        return found;
    }

    /** @param currentStock the warehouse's last known level (zero or below) */
    public static Finding outOfStock(OutOfStockPayload p, long currentStock, PendingDemand pending) {
        String label = ProductView.label(p.productName(), p.productSku(), p.productId());
        return new Finding(AlertPayload.KIND_OUT_OF_STOCK, Priority.CRITICAL, p.productSku(), p.productName(),
                p.warehouseId(), currentStock, p.reorderLevel(), p.reorderQuantity(), 0.0, null, null,
                suggestion(currentStock, p.reorderLevel(), p.reorderQuantity(), pending, null), pending.orderIds(),
                label + " is out of stock at " + place(p.location()) + atRisk(pending));
    }

    public static Optional<Finding> deadStock(ProductView v, Instant now, Settings settings) {
        if (v.deleted || v.stockOnHand <= 0 || v.onHandSince == null) {
            return Optional.empty();
        }
        Instant since = v.lastSaleAt != null && v.lastSaleAt.isAfter(v.onHandSince) ? v.lastSaleAt : v.onHandSince;
        long days = Duration.between(since, now).toDays();
        if (days < settings.deadStockDays()) {
            return Optional.empty();
        }
        Priority priority = days >= 2L * settings.deadStockDays() ? Priority.MEDIUM : Priority.LOW;
        BigDecimal value = v.unitPrice == null ? null : v.unitPrice.multiply(BigDecimal.valueOf(v.stockOnHand));
        return Optional.of(new Finding(AlertPayload.KIND_DEAD_STOCK, priority, v.sku, v.name, null, v.stockOnHand,
                v.reorderLevel, v.reorderQuantity, null, (int) Math.min(Integer.MAX_VALUE, days), value, null, List.of(),
                v.label() + ": " + v.stockOnHand + " on hand" + (value == null ? "" : " (" + value.toPlainString()
                        + " tied up)") + " and no sale for " + days + " days"));
    }

    /**
     * Enough to bring the stock back to the reorder level, the usual reorder quantity on top, and the units the
     * pending orders will take; null when that is nothing.
     *
     * @param days days of stock remaining at the current demand, if known: the rationale says how long the
     *             suggestion lasts
     */
    static ReorderSuggestion suggestion(long currentStock, long reorderLevel, long reorderQuantity, PendingDemand pending,
            Double days) {
        long refill = Math.max(0, reorderLevel - currentStock);
        long quantity = refill + reorderQuantity + pending.units();
        if (quantity <= 0) {
            return null;
        }
        StringBuilder why = new StringBuilder("brings stock from " + currentStock + " back to the reorder level "
                + reorderLevel + " plus the reorder quantity " + reorderQuantity);
        if (pending.units() > 0) {
            why.append(", and covers ").append(pending.orderIds().size()).append(" pending order(s) of ")
                    .append(pending.units()).append(" unit(s)");
        }
        if (days != null && days > 0 && currentStock > 0) {
            double perDay = currentStock / days;
            why.append("; about ").append(Math.round(quantity / perDay)).append(" days of demand at ")
                    .append(number(Math.round(perDay * 10) / 10.0)).append(" a day");
        }
        return new ReorderSuggestion(quantity, why.toString());
    }

    private static Finding finding(String kind, Priority priority, LowStockPayload p, Double days,
            ReorderSuggestion suggestion, PendingDemand pending, String message) {
        return new Finding(kind, priority, p.productSku(), p.productName(), p.warehouseId(), p.currentStock(),
                p.reorderLevel(), p.reorderQuantity(), days, null, null, suggestion, pending.orderIds(), message);
    }

    /**
     * Enough to cover the forecast demand over the lead time and review period at the service level, less what is on
     * hand (nothing is known to be on order: StockPulse has no purchase orders), plus the units the pending orders
     * will take; null when that is nothing. The rationale names every number.
     */
    static ReorderSuggestion suggestion(ForecastCover cover, PendingDemand pending) {
        StockCover.Reorder r = cover.reorder();
        long quantity = r.quantity() + pending.units();
        if (quantity <= 0) {
            return null;
        }
        StringBuilder why = new StringBuilder("forecast (" + cover.method() + ") demand of " + one(r.demand())
                + " over " + number(r.coverDays()) + " days (" + number(cover.leadTimeDays()) + "-day lead time + "
                + number(cover.reviewDays()) + "-day review) plus safety stock " + one(r.safetyStock()) + " ("
                + number(Math.round(cover.serviceLevel() * 1000) / 10.0) + "% service level, z " + two(r.z())
                + ", forecast error " + one(r.sigma()) + " over the period), less " + cover.stockOnHand()
                + " on hand and 0 on order");
        if (pending.units() > 0) {
            why.append(", plus ").append(pending.orderIds().size()).append(" pending order(s) of ")
                    .append(pending.units()).append(" unit(s)");
        }
        return new ReorderSuggestion(quantity, why.toString());
    }

    private static String one(double value) {
        return number(Math.round(value * 10) / 10.0);
    }

    private static String two(double value) {
        return number(Math.round(value * 100) / 100.0);
    }

    private static String place(String location) {
        return location == null ? "its warehouse" : location;
    }

    private static String atRisk(PendingDemand pending) {
        return pending.orderIds().isEmpty() ? "" : "; " + pending.orderIds().size() + " pending order(s) at risk";
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
