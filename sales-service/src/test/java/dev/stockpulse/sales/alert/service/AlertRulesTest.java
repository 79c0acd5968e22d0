package dev.stockpulse.sales.alert.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.stockpulse.events.Priority;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.inventory.OutOfStockPayload;
import dev.stockpulse.events.sales.AlertPayload;
import dev.stockpulse.events.sales.ReorderSuggestion;
import dev.stockpulse.sales.alert.service.AlertRules.Finding;
import dev.stockpulse.sales.forecast.StockCover;
import dev.stockpulse.sales.order.OrderRepository.PendingDemand;
import dev.stockpulse.sales.product.ProductView;

class AlertRulesTest {

    static final AlertRules.Settings SETTINGS = new AlertRules.Settings(7, 14, 60);
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @ParameterizedTest(name = "days {0}, pending {1} units -> {2}")
    @CsvSource(nullValues = "none", value = {
            "none, 0, low_stock",
            "30.0, 0, low_stock",
            "14.0, 0, low_stock",
            "13.9, 0, low_stock reorder_needed",
            "7.0, 0, low_stock reorder_needed",
            "6.9, 0, low_stock stockout_risk reorder_needed",
            "0.0, 0, low_stock stockout_risk reorder_needed",
            "none, 3, low_stock",
            "none, 4, low_stock reorder_needed",
            "none, 9, low_stock reorder_needed",
            "30.0, 4, low_stock reorder_needed",
    })
    void aLowLevelRaisesTheKindsItsNumbersCallFor(Double days, long pendingUnits, String kinds) {
        PendingDemand pending = pendingUnits == 0 ? PendingDemand.NONE : new PendingDemand(List.of("o-1"), pendingUnits);
        List<Finding> found = AlertRules.lowStock(lowStock(4, days), Priority.HIGH, pending, SETTINGS, null);
        assertThat(found).extracting(Finding::kind).containsExactly(kinds.split(" "));
        assertThat(found).allSatisfy(f -> {
            assertThat(f.priority()).isEqualTo(Priority.HIGH);
            assertThat(f.currentStock()).isEqualTo(4);
            assertThat(f.ordersAtRisk()).isEqualTo(pending.orderIds());
        });
    }

    @Test
    void theSuggestionRefillsToTheReorderLevelAddsTheReorderQuantityAndThePendingUnits() {
        assertThat(AlertRules.suggestion(4, 10, 50, PendingDemand.NONE, null).quantity()).isEqualTo(56);
        assertThat(AlertRules.suggestion(12, 10, 50, PendingDemand.NONE, null).quantity()).isEqualTo(50);
        assertThat(AlertRules.suggestion(-3, 10, 50, PendingDemand.NONE, null).quantity()).isEqualTo(63);
        ReorderSuggestion withOrders = AlertRules.suggestion(4, 10, 50, new PendingDemand(List.of("a", "b"), 7), 2.0);
        assertThat(withOrders.quantity()).isEqualTo(63);
        assertThat(withOrders.rationale()).contains("2 pending order(s) of 7 unit(s)").contains("about 32 days of demand at 2 a day");
        assertThat(AlertRules.suggestion(10, 10, 0, PendingDemand.NONE, null)).isNull();
    }

    @Test
    void outOfStockIsCriticalAndSuggestsRefillingFromZero() {
        Finding f = AlertRules.outOfStock(new OutOfStockPayload("p", "SKU", "Laptop", 10, 50, "wh-1", "Warehouse A"), 0,
                PendingDemand.NONE);
        assertThat(f.kind()).isEqualTo(AlertPayload.KIND_OUT_OF_STOCK);
        assertThat(f.priority()).isEqualTo(Priority.CRITICAL);
        assertThat(f.suggestion().quantity()).isEqualTo(60);
        assertThat(f.message()).isEqualTo("Laptop (SKU) is out of stock at Warehouse A");
    }

    @ParameterizedTest(name = "on hand since {0} days, last sale {1} days ago -> {2}")
    @CsvSource(nullValues = "none", value = {
            "59, none, none",
            "60, none, low",
            "119, none, low",
            "120, none, medium",
            "200, 59, none",
            "200, 60, low",
            // Restocked 10 days ago after selling out long ago: not dead yet.
            "10, 300, none",
    })
    void stockWithoutASaleIsDeadAfterTheSetDaysAndMoreUrgentAfterTwiceThat(int onHandDays, Integer lastSaleDays,
            String priority) {
        ProductView v = product(20, onHandDays, lastSaleDays);
        assertThat(AlertRules.deadStock(v, NOW, SETTINGS).map(f -> f.priority().wireName()).orElse(null))
                .isEqualTo(priority);
    }

    @Test
    void deadStockCarriesItsValueAndNoReorderSuggestion() {
        Finding f = AlertRules.deadStock(product(20, 90, null), NOW, SETTINGS).orElseThrow();
        assertThat(f.kind()).isEqualTo(AlertPayload.KIND_DEAD_STOCK);
        assertThat(f.daysSinceLastSale()).isEqualTo(90);
        assertThat(f.stockValue()).isEqualByComparingTo("240.00");
        assertThat(f.suggestion()).isNull();
        assertThat(f.message()).isEqualTo("Mouse (M-1): 20 on hand (240.00 tied up) and no sale for 90 days");
        assertThat(AlertRules.deadStock(product(0, 90, null), NOW, SETTINGS)).isEmpty();
    }

    @Test
    void withAForecastTheDaysOfStockAndTheReorderAreTheForecastsNotInventorysTrailingAverage() {
        StockCover.Reorder reorder = new StockCover.Reorder(21, 210, 45.83, 1.645, 75.4, 236);
        AlertRules.ForecastCover cover = new AlertRules.ForecastCover("holt_winters", 40, 3.94, reorder, 0.95, 14, 7);

        // Inventory's 30 days (a slow fortnight) would raise neither; the forecast's 3.9 days raise both.
        List<Finding> found = AlertRules.lowStock(lowStock(4, 30.0), Priority.HIGH, new PendingDemand(List.of("o-1"), 3),
                SETTINGS, cover);

        assertThat(found).extracting(Finding::kind).containsExactly("low_stock", "stockout_risk", "reorder_needed");
        assertThat(found).allSatisfy(f -> {
            assertThat(f.daysOfStockRemaining()).isEqualTo(3.9);
            assertThat(f.suggestion().quantity()).isEqualTo(239);
        });
        assertThat(found.get(1).message()).isEqualTo(
                "Laptop (SKU) may run out in about 3.9 days (40 on hand at the forecast demand) (under 7);"
                        + " 1 pending order(s) at risk");
        assertThat(found.get(0).suggestion().rationale()).isEqualTo("forecast (holt_winters) demand of 210 over 21"
                + " days (14-day lead time + 7-day review) plus safety stock 75.4 (95% service level, z 1.65, forecast"
                + " error 45.8 over the period), less 40 on hand and 0 on order, plus 1 pending order(s) of 3 unit(s)");
    }

    @Test
    void aForecastOfNoDemandIsNoStockoutRiskWhateverInventorysAverageSays() {
        AlertRules.ForecastCover cover = new AlertRules.ForecastCover("no_demand", 4, Double.POSITIVE_INFINITY,
                new StockCover.Reorder(21, 0, 0, 1.645, 0, 0), 0.95, 14, 7);

        List<Finding> found = AlertRules.lowStock(lowStock(4, 2.0), Priority.HIGH, PendingDemand.NONE, SETTINGS, cover);

        assertThat(found).extracting(Finding::kind).containsExactly("low_stock");
        assertThat(found.get(0).daysOfStockRemaining()).isNull();
        assertThat(found.get(0).suggestion()).isNull();
    }

    private static LowStockPayload lowStock(long stock, Double days) {
        return new LowStockPayload("p", "SKU", "Laptop", stock, 10, 50, new BigDecimal("1200.00"), "electronics",
                "Warehouse A", days, "wh-1");
    }

    private static ProductView product(long onHand, int onHandDays, Integer lastSaleDays) {
        ProductView v = new ProductView();
        v.tenantId = "t";
        v.productId = "p";
        v.sku = "M-1";
        v.name = "Mouse";
        v.unitPrice = new BigDecimal("12.00");
        v.stockOnHand = onHand;
        v.onHandSince = onHand > 0 ? NOW.minus(Duration.ofDays(onHandDays)) : null;
        v.lastSaleAt = lastSaleDays == null ? null : NOW.minus(Duration.ofDays(lastSaleDays));
        return v;
    }
}
