package dev.stockpulse.sales.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.List;

import dev.stockpulse.events.sales.DailySummaryPayload;
import dev.stockpulse.events.sales.MonthlyReportPayload;
import dev.stockpulse.events.sales.OrderCounts;
import dev.stockpulse.events.sales.TopMover;

/** A month from its daily summaries: the figures that add up, added up. */
public final class MonthlyTotals {

    private MonthlyTotals() {
    }

    /**
     * @param days      the month's stored daily summaries, at least one
     * @param topMovers the month's own top movers (a month's top five need not be among any day's top five)
     */
    public static MonthlyReportPayload of(YearMonth month, List<DailySummaryPayload> days, List<TopMover> topMovers,
            int revision) {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a month needs at least one day, " + month + " has none");
        }
        long inOrders = 0;
        long direct = 0;
        BigDecimal revenue = BigDecimal.ZERO.setScale(2, RoundingMode.UNNECESSARY);
        OrderCounts orders = OrderCounts.NONE;
        long outOfStockDays = 0;
        long raised = 0;
        long resolved = 0;
        for (DailySummaryPayload day : days) {
            if (!YearMonth.from(day.date()).equals(month)) {
                throw new IllegalArgumentException(day.date() + " is not in " + month);
            }
            inOrders += day.unitsSoldInOrders();
            direct += day.unitsSoldDirect();
            revenue = revenue.add(day.revenue());
            orders = orders.plus(day.orders());
            outOfStockDays += day.productsOutOfStock();
            raised += day.alertsRaised();
            resolved += day.alertsResolved();
        }
        return new MonthlyReportPayload(month.toString(), "UTC", revision, days.size(), month.lengthOfMonth(),
                inOrders + direct, inOrders, direct, revenue, orders, outOfStockDays, raised, resolved, topMovers);
    }
}
