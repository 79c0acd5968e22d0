package dev.stockpulse.events;

import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.inventory.ReservedLine;
import dev.stockpulse.events.inventory.ShortLine;
import dev.stockpulse.events.inventory.StockReplenishedPayload;
import dev.stockpulse.events.inventory.StockReservationFailedPayload;
import dev.stockpulse.events.inventory.StockReservedPayload;
import dev.stockpulse.events.inventory.StockUpdatedPayload;
import dev.stockpulse.events.sales.AlertPayload;
import dev.stockpulse.events.sales.DailySummaryPayload;
import dev.stockpulse.events.sales.ForecastPoint;
import dev.stockpulse.events.sales.ModelMetrics;
import dev.stockpulse.events.sales.MonthlyReportPayload;
import dev.stockpulse.events.sales.OrderCounts;
import dev.stockpulse.events.sales.OrderLine;
import dev.stockpulse.events.sales.OrderPayload;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The constructor checks producers hit before anything reaches Kafka. */
class PayloadsTest {

    @Test
    void stockUpdateDeltaMustMatchTheQuantities() {
        assertThat(new StockUpdatedPayload("prod-1", "SKU-1", "wh-a", 12, 8, -4, "sale", null).delta()).isEqualTo(-4);
        assertThatThrownBy(() -> new StockUpdatedPayload("prod-1", "SKU-1", "wh-a", 12, 8, 4, "sale", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("delta must be");
    }

    @Test
    void replenishmentMustRaiseTheStock() {
        assertThatThrownBy(() -> new StockReplenishedPayload("prod-1", "SKU-1", "Name", 10, 10, 5, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("current_stock must be greater than previous_stock");
    }

    @Test
    void shortLineMustBeShort() {
        assertThat(new ShortLine("prod-1", 3, -2).available()).isEqualTo(-2);
        assertThatThrownBy(() -> new ShortLine("prod-1", 3, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("available must be less than requested");
    }

    @Test
    void reservationFailureMayHaveNoShortLinesButNotANullList() {
        assertThat(new StockReservationFailedPayload("ord-1", "unknown_product", List.of()).shortLines()).isEmpty();
        assertThatThrownBy(() -> new StockReservationFailedPayload("ord-1", "unknown_product", null))
                .hasMessage("short_lines is required");
    }

    @Test
    void ordersAndReservationsNeedLines() {
        assertThatThrownBy(() -> new StockReservedPayload("ord-1", List.of()))
                .hasMessage("lines must not be empty");
        assertThatThrownBy(() -> new OrderPayload("ord-1", "user-1", "created", List.of(), BigDecimal.TEN, null))
                .hasMessage("lines must not be empty");
        assertThatThrownBy(() -> new StockReservedPayload("ord-1", Arrays.asList(
                new ReservedLine("prod-1", "wh-a", 1), null)))
                .hasMessage("lines must not contain null");
    }

    @Test
    void listsAreCopiedSoAPublishedEventCannotChange() {
        List<OrderLine> lines = new ArrayList<>(List.of(new OrderLine("prod-1", 1, BigDecimal.ONE)));
        OrderPayload order = new OrderPayload("ord-1", "user-1", "created", lines, BigDecimal.ONE, null);

        lines.clear();

        assertThat(order.lines()).hasSize(1);
        assertThatThrownBy(() -> order.lines().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void amountsAndQuantitiesMayNotBeNegative() {
        assertThatThrownBy(() -> new OrderLine("prod-1", 1, new BigDecimal("-0.01")))
                .hasMessage("unit_price must not be negative, was -0.01");
        assertThatThrownBy(() -> new OrderLine("prod-1", 0, BigDecimal.ONE))
                .hasMessage("quantity must be positive, was 0");
        assertThatThrownBy(() -> new LowStockPayload("prod-1", "SKU-1", "Name", 1, -1, 5, BigDecimal.ONE, null, null,
                null, null)).hasMessage("reorder_level must not be negative, was -1");
    }

    @Test
    void daysOfStockMustBeAFiniteNonNegativeNumberBecauseJsonHasNoOther() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.5}) {
            assertThatThrownBy(() -> new LowStockPayload("prod-1", "SKU-1", "Name", 1, 10, 5, BigDecimal.ONE, null,
                    null, bad, null))
                    .as("days %s", bad)
                    .hasMessageStartingWith("days_of_stock_remaining must be a finite number");
        }
    }

    @Test
    void alertNeedsItsIdentityKindStatusProductAndPriority() {
        assertThatThrownBy(() -> new AlertPayload("alert-1", AlertPayload.KIND_LOW_STOCK, AlertPayload.STATUS_RAISED,
                "prod-1", null, null, null, null, null, null, null, null, null))
                .hasMessage("priority is required");
        assertThat(new AlertPayload("alert-1", AlertPayload.KIND_DEAD_STOCK, AlertPayload.STATUS_RAISED, "prod-1",
                null, null, Priority.LOW, null, null, null, null, null, null).ordersAtRisk()).isNull();
    }

    @Test
    void aForecastPointLiesInsideItsInterval() {
        LocalDate day = LocalDate.of(2026, 12, 5);
        assertThat(new ForecastPoint(day, 0, 0, 0).upper()).isZero();
        assertThatThrownBy(() -> new ForecastPoint(day, 4, 5, 6))
                .hasMessageStartingWith("lower must not exceed demand");
        assertThatThrownBy(() -> new ForecastPoint(day, 7, 5, 6))
                .hasMessageStartingWith("lower must not exceed demand");
        assertThatThrownBy(() -> new ForecastPoint(day, Double.NaN, 0, 6))
                .hasMessageStartingWith("demand must be a finite number");
    }

    @Test
    void modelMetricsAreFiniteAndCoverageAShare() {
        assertThatThrownBy(() -> new ModelMetrics("selected", 3, 0.8, 0.9, Double.NaN, null, 0.8))
                .hasMessageStartingWith("bias must be a finite number");
        assertThatThrownBy(() -> new ModelMetrics("selected", 3, 0.8, 0.9, 0.1, null, 1.5))
                .hasMessageStartingWith("coverage must be between 0 and 1");
        assertThatThrownBy(() -> new ModelMetrics("selected", 0, 0.8, 0.9, 0.1, null, 0.5))
                .hasMessageStartingWith("series must be positive");
    }

    @Test
    void aDailySummaryAddsUpAndTakesItsStockValueWithItsTime() {
        LocalDate day = LocalDate.of(2026, 12, 4);
        Instant at = Instant.parse("2026-12-05T00:15:00Z");
        assertThat(new DailySummaryPayload(day, "UTC", 1, 5, 2, 3, BigDecimal.TEN, OrderCounts.NONE, null, null, 0,
                List.of(), 0, 0, List.of()).withRevision(2).revision()).isEqualTo(2);
        assertThatThrownBy(() -> new DailySummaryPayload(day, "UTC", 1, 6, 2, 3, BigDecimal.TEN, OrderCounts.NONE,
                null, null, 0, List.of(), 0, 0, List.of()))
                .hasMessageStartingWith("units_sold must be units_sold_in_orders + units_sold_direct");
        assertThatThrownBy(() -> new DailySummaryPayload(day, "UTC", 1, 5, 2, 3, BigDecimal.TEN, OrderCounts.NONE,
                BigDecimal.ONE, null, 0, List.of(), 0, 0, List.of()))
                .hasMessageStartingWith("stock_value_at must be given with stock_value");
        assertThatThrownBy(() -> new DailySummaryPayload(day, "UTC", 0, 5, 2, 3, BigDecimal.TEN, OrderCounts.NONE,
                BigDecimal.ONE, at, 0, List.of(), 0, 0, List.of()))
                .hasMessageStartingWith("revision must be positive");
    }

    @Test
    void aMonthlyReportNamesItsMonthAndCoversNoMoreDaysThanItHas() {
        assertThatThrownBy(() -> new MonthlyReportPayload("2026-13", "UTC", 1, 3, 30, 0, 0, 0, BigDecimal.ZERO,
                OrderCounts.NONE, 0, 0, 0, List.of())).hasMessageStartingWith("month must be yyyy-MM");
        assertThatThrownBy(() -> new MonthlyReportPayload("2026-11", "UTC", 1, 31, 30, 0, 0, 0, BigDecimal.ZERO,
                OrderCounts.NONE, 0, 0, 0, List.of())).hasMessageStartingWith("days_covered must not exceed");
        assertThat(new OrderCounts(1, 2, 3, 4, 5).plus(new OrderCounts(1, 1, 1, 1, 1)))
                .isEqualTo(new OrderCounts(2, 3, 4, 5, 6));
    }
}
