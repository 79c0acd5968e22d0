package dev.stockpulse.sales.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class StockCoverTest {

    /** 10 a day for 28 days, the 80% interval ±12.8155 (σ = 10), so z and σ come out round. */
    private static Forecast flat(double perDay) {
        double[] point = new double[28];
        Arrays.fill(point, perDay);
        double half = 1.2815515655446004 * 10;
        return new Forecast("holt_winters", 0.8, point, Arrays.stream(point).map(p -> p - half).toArray(),
                Arrays.stream(point).map(p -> p + half).toArray());
    }

    @Test
    void daysOfStockCountTheForecastDownFractionally() {
        Forecast f = new Forecast("tsb", 0.8, new double[] {2, 4, 6}, new double[3], new double[] {5, 8, 11});

        assertThat(StockCover.daysOfStock(0, f)).isZero();
        assertThat(StockCover.daysOfStock(1, f)).isEqualTo(0.5);
        assertThat(StockCover.daysOfStock(2, f)).isEqualTo(1.0);
        assertThat(StockCover.daysOfStock(4, f)).isEqualTo(1.5);
        assertThat(StockCover.daysOfStock(12, f)).isEqualTo(3.0);
        // Past the horizon at the last week's mean, 4 a day.
        assertThat(StockCover.daysOfStock(20, f)).isEqualTo(5.0);
        assertThat(StockCover.daysOfStock(5, new Forecast("no_demand", 0.8, new double[3], new double[3],
                new double[3]))).isInfinite();
    }

    @Test
    void demandOverTheCoverIncludesPartDaysAndDaysPastTheHorizon() {
        assertThat(StockCover.demandOver(flat(10), 21)).isEqualTo(210);
        assertThat(StockCover.demandOver(flat(10), 2.5)).isEqualTo(25);
        assertThat(StockCover.demandOver(flat(10), 35)).isEqualTo(350);
    }

    @Test
    void reorderCoversLeadTimeAndReviewWithSafetyStockFromTheForecastError() {
        StockCover.Reorder r = StockCover.reorder(flat(10), 14, 7, 0.95, 50, 20);

        assertThat(r.coverDays()).isEqualTo(21);
        assertThat(r.demand()).isEqualTo(210);
        assertThat(r.sigma()).isCloseTo(10 * Math.sqrt(21), within(1e-9));
        assertThat(r.z()).isCloseTo(1.6449, within(1e-4));
        assertThat(r.safetyStock()).isCloseTo(75.38, within(0.01));
        // 210 + 75.38 − 50 on hand − 20 on order = 215.38, rounded up.
        assertThat(r.quantity()).isEqualTo(216);
        assertThat(StockCover.reorder(flat(10), 14, 7, 0.95, 400, 0).quantity()).isZero();
        assertThat(StockCover.reorder(flat(10), 14, 7, 0.99, 50, 20).quantity()).isGreaterThan(216);
        assertThatThrownBy(() -> StockCover.reorder(flat(10), 14, 7, 1.0, 0, 0))
                .hasMessageContaining("serviceLevel");
    }
}
