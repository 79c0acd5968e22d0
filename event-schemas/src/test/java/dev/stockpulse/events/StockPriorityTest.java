package dev.stockpulse.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StockPriorityTest {

    @ParameterizedTest(name = "stock {0}, reorder level {1}, days {2} -> {3}")
    @CsvSource(nullValues = "null", textBlock = """
            0,   10, null, CRITICAL
            -1,  10, null, CRITICAL
            0,   10, 30.0, CRITICAL
            0,    0, null, CRITICAL
            1,   10, null, HIGH
            4,   10, null, HIGH
            5,   10, null, MEDIUM
            10,  10, null, MEDIUM
            11,  10, null, LOW
            11,  10, 2.99, HIGH
            11,  10, 3.0,  LOW
            11,  10, 3.01, LOW
            10,  10, 3.0,  MEDIUM
            5,   10, 2.99, HIGH
            11,  10, 0.0,  HIGH
            5,    0, null, LOW
            1,    0, null, LOW
            5,   11, null, HIGH
            6,   11, null, MEDIUM
            """)
    void followsTheErpRuleAtEveryBoundary(long stock, long reorderLevel, Double days, Priority expected) {
        assertThat(StockPriority.evaluate(stock, reorderLevel, days)).isEqualTo(expected);
    }

    @Test
    void doesNotOverflowNearLongMaxValue() {
        long huge = Long.MAX_VALUE / 2 + 1;

        assertThat(StockPriority.evaluate(huge, huge, null)).isEqualTo(Priority.MEDIUM);
        assertThat(StockPriority.evaluate(Long.MAX_VALUE, Long.MAX_VALUE, null)).isEqualTo(Priority.MEDIUM);
        assertThat(StockPriority.evaluate(1, Long.MAX_VALUE, null)).isEqualTo(Priority.HIGH);
        assertThat(StockPriority.evaluate(Long.MIN_VALUE, 10, null)).isEqualTo(Priority.CRITICAL);
    }

    @Test
    void rejectsInputsThatMeanABugUpstream() {
        assertThatThrownBy(() -> StockPriority.evaluate(5, -1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reorder_level");
        assertThatThrownBy(() -> StockPriority.evaluate(5, 10, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("days_of_stock_remaining");
    }

    @Test
    void priorityNeverFallsAsStockFalls() {
        List<Double> days = Arrays.asList(null, 0.0, 1.5, 2.99, 3.0, 3.01, 7.0, Double.POSITIVE_INFINITY);
        int checked = 0;
        for (long reorderLevel = 0; reorderLevel <= 40; reorderLevel++) {
            for (Double remaining : days) {
                Priority previous = StockPriority.evaluate(60, reorderLevel, remaining);
                for (long stock = 59; stock >= -5; stock--) {
                    Priority current = StockPriority.evaluate(stock, reorderLevel, remaining);
                    assertThat(current)
                            .as("stock %d -> %d, level %d, days %s", stock + 1, stock, reorderLevel, remaining)
                            .isGreaterThanOrEqualTo(previous);
                    previous = current;
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(41 * days.size() * 65);
    }

    @Test
    void priorityNeverFallsAsDaysRemainingFall() {
        for (long stock = -2; stock <= 30; stock++) {
            for (long reorderLevel = 0; reorderLevel <= 20; reorderLevel++) {
                Priority previous = StockPriority.evaluate(stock, reorderLevel, null);
                for (double days = 10.0; days >= 0; days -= 0.25) {
                    Priority current = StockPriority.evaluate(stock, reorderLevel, days);
                    assertThat(current).as("stock %d, level %d, days %s", stock, reorderLevel, days)
                            .isGreaterThanOrEqualTo(previous);
                    previous = current;
                }
            }
        }
    }
}
