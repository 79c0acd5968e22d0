package dev.stockpulse.sales.forecast.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.stockpulse.events.sales.ForecastPoint;
import dev.stockpulse.sales.forecast.Backtest;
import dev.stockpulse.sales.forecast.Forecast;

class SeriesModelTest {

    private final SeriesModel model = new SeriesModel(28, 0.8, 4);

    @Test
    void aLongHistoryIsBacktestedFromFourOriginsWithEveryMethodThatFitsAndTheSelection() {
        List<Backtest.Score> scores = model.retrain(weekly(91)).scores();

        assertThat(scores).extracting(Backtest.Score::method)
                .containsExactly("seasonal_naive", "holt_winters", "croston_sba", "tsb", SeriesModel.SELECTED);
        assertThat(scores).allSatisfy(s -> assertThat(s.origins()).isEqualTo(4));
    }

    @Test
    void aShorterHistoryHasFewerOriginsAndOneWithoutTwoWeeksBeforeTheLastOriginNone() {
        // 28 days of horizon + 14 before the first origin + one more week: two origins.
        assertThat(model.retrain(weekly(49)).scores()).allSatisfy(s -> assertThat(s.origins()).isEqualTo(2));
        assertThat(model.retrain(weekly(41)).scores()).isEmpty();
        assertThat(model.retrain(weekly(41)).forecast().point()).hasSize(28);
    }

    @Test
    void aConstantSeriesHasNoScoreForItsBenchmarkNeverErred() {
        double[] constant = new double[70];
        Arrays.fill(constant, 5);

        assertThat(model.retrain(constant).scores()).isEmpty();
    }

    @Test
    void pointsAreRoundedDatedAndTheirIntervalHoldsThePoint() {
        Forecast forecast = new Forecast("holt_winters", 0.8, new double[] {4.126, 3.0}, new double[] {4.5, 1.004},
                new double[] {6.0, 2.5});

        List<ForecastPoint> points = ForecastService.points(forecast, LocalDate.of(2026, 12, 5));

        assertThat(points).containsExactly(new ForecastPoint(LocalDate.of(2026, 12, 5), 4.13, 4.13, 6.0),
                new ForecastPoint(LocalDate.of(2026, 12, 6), 3.0, 1.0, 3.0));
    }

    @Test
    void metricsAverageTheSeriesPerMethodBenchmarkFirstSelectionLast() {
        List<Backtest.Score> scores = List.of(
                new Backtest.Score("selected", 4, 0.8, 0.9, 1.0, 10.0, 0.8),
                new Backtest.Score("seasonal_naive", 4, 1.2, 1.1, -1.0, Double.NaN, 0.7),
                new Backtest.Score("tsb", 4, 0.9, 0.8, 0.0, 0.0, 0.9),
                new Backtest.Score("selected", 4, 0.6, 0.7, 0.0, 20.0, 0.6));

        assertThat(ForecastService.average(scores)).extracting("method", "series", "mase", "rmsse", "bias",
                "biasPercent", "coverage").containsExactly(
                        tuple("seasonal_naive", 1, 1.2, 1.1, -1.0, null, 0.7),
                        tuple("tsb", 1, 0.9, 0.8, 0.0, 0.0, 0.9),
                        tuple("selected", 2, 0.7, 0.8, 0.5, 15.0, 0.7));
    }

    /** Around 10 a day with a weekly pattern and a little noise: a regular seller. */
    private static double[] weekly(int days) {
        double[] history = new double[days];
        int[] weekday = {-3, -1, 0, 1, 2, 4, -3};
        for (int t = 0; t < days; t++) {
            history[t] = 10 + weekday[t % 7] + (t * 7) % 3 - 1;
        }
        return history;
    }
}
