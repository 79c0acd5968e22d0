package dev.stockpulse.sales.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.stockpulse.events.sales.DailySummaryPayload;
import dev.stockpulse.events.sales.MonthlyReportPayload;
import dev.stockpulse.events.sales.OrderCounts;
import dev.stockpulse.events.sales.OutOfStockProduct;
import dev.stockpulse.events.sales.TopMover;

class MonthlyTotalsTest {

    private static final YearMonth FEBRUARY = YearMonth.of(2028, 2);

    @Test
    void theDaysAreSummedAndTheDaysCoveredCounted() {
        DailySummaryPayload first = day(FEBRUARY.atDay(1), 3, 4, "10.25", new OrderCounts(5, 4, 1, 2, 0), 2, 6, 1);
        DailySummaryPayload last = day(FEBRUARY.atEndOfMonth(), 0, 7, "0.00", new OrderCounts(1, 0, 0, 3, 2), 1, 0, 4);
        List<TopMover> movers = List.of(new TopMover("p-1", "Laptop", 9));

        MonthlyReportPayload report = MonthlyTotals.of(FEBRUARY, List.of(first, last), movers, 1);

        assertThat(report.month()).isEqualTo("2028-02");
        assertThat(report.timeZone()).isEqualTo("UTC");
        assertThat(report.daysCovered()).isEqualTo(2);
        assertThat(report.daysInMonth()).isEqualTo(29);
        assertThat(report.unitsSoldInOrders()).isEqualTo(3);
        assertThat(report.unitsSoldDirect()).isEqualTo(11);
        assertThat(report.unitsSold()).isEqualTo(14);
        assertThat(report.revenue()).isEqualTo(new BigDecimal("10.25"));
        assertThat(report.orders()).isEqualTo(new OrderCounts(6, 4, 1, 5, 2));
        assertThat(report.outOfStockProductDays()).isEqualTo(3);
        assertThat(report.alertsRaised()).isEqualTo(6);
        assertThat(report.alertsResolved()).isEqualTo(5);
        assertThat(report.topMovers()).isEqualTo(movers);
    }

    @Test
    void aMonthNeedsADayAndOnlyItsOwnDays() {
        assertThatThrownBy(() -> MonthlyTotals.of(FEBRUARY, List.of(), List.of(), 1))
                .hasMessageContaining("at least one day");
        DailySummaryPayload march = day(LocalDate.of(2028, 3, 1), 0, 0, "0.00", OrderCounts.NONE, 0, 0, 0);
        assertThatThrownBy(() -> MonthlyTotals.of(FEBRUARY, List.of(march), List.of(), 1))
                .hasMessageContaining("2028-03-01 is not in 2028-02");
    }

    private static DailySummaryPayload day(LocalDate date, long inOrders, long direct, String revenue,
            OrderCounts orders, int outOfStock, int raised, int resolved) {
        List<OutOfStockProduct> out = outOfStock == 0 ? List.of()
                : List.of(new OutOfStockProduct("p-9", Instant.parse("2028-01-30T10:00:00Z"), 5));
        return new DailySummaryPayload(date, "UTC", 1, inOrders + direct, inOrders, direct, new BigDecimal(revenue),
                orders, null, null, outOfStock, out, raised, resolved, List.of());
    }
}
