package dev.stockpulse.inventory.stock.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.inventory.stock.service.StockThresholds.Transition;

class StockThresholdsTest {

    @Test
    void enteringLowStockAnnouncesItsPriority() {
        Transition t = StockThresholds.evaluate(8, 10, null, null);
        assertThat(t.event()).isEqualTo(EventType.LOW_STOCK);
        assertThat(t.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(t.announced()).isEqualTo(Priority.MEDIUM);
    }

    @Test
    void exactlyAtTheReorderLevelIsLowStock() {
        assertThat(StockThresholds.evaluate(10, 10, null, null).event()).isEqualTo(EventType.LOW_STOCK);
        assertThat(StockThresholds.evaluate(11, 10, null, null).event()).isNull();
    }

    @Test
    void stayingLowAtTheSameOrALowerPriorityIsSilent() {
        assertThat(StockThresholds.evaluate(7, 10, Priority.MEDIUM, null).event()).isNull();
        Transition calmer = StockThresholds.evaluate(9, 10, Priority.HIGH, null);
        assertThat(calmer.event()).isNull();
        assertThat(calmer.announced()).isEqualTo(Priority.MEDIUM);
    }

    @Test
    void aRisingPriorityIsAnnouncedAgain() {
        Transition t = StockThresholds.evaluate(4, 10, Priority.MEDIUM, null);
        assertThat(t.event()).isEqualTo(EventType.LOW_STOCK);
        assertThat(t.priority()).isEqualTo(Priority.HIGH);
        assertThat(StockThresholds.evaluate(9, 10, Priority.MEDIUM, 2.5).priority()).isEqualTo(Priority.HIGH);
    }

    @Test
    void zeroIsOutOfStockOnce() {
        Transition t = StockThresholds.evaluate(0, 10, Priority.MEDIUM, null);
        assertThat(t.event()).isEqualTo(EventType.OUT_OF_STOCK);
        assertThat(t.priority()).isEqualTo(Priority.CRITICAL);
        assertThat(StockThresholds.evaluate(0, 10, Priority.CRITICAL, null).event()).isNull();
        assertThat(StockThresholds.evaluate(-3, 10, Priority.CRITICAL, null).event()).isNull();
    }

    @Test
    void climbingAboveTheReorderLevelAfterBeingLowIsReplenishment() {
        Transition t = StockThresholds.evaluate(40, 10, Priority.CRITICAL, null);
        assertThat(t.event()).isEqualTo(EventType.STOCK_REPLENISHED);
        assertThat(t.announced()).isNull();
        assertThat(StockThresholds.evaluate(40, 10, null, null).event()).isNull();
    }
}
