package dev.stockpulse.sales.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeasonalNaiveForecastTest {

    @Test
    void repeatsTheLastSeason() {
        double[] history = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        Fit fit = new SeasonalNaive(7).fit(history, 9);

        assertThat(fit.point()).containsExactly(4, 5, 6, 7, 8, 9, 10, 4, 5);
        assertThat(fit.errors(1)).containsExactly(7, 7, 7);
    }

    @Test
    void intervalsAreQuantilesOfTheErrorsAtEachHorizon() {
        // Naive (season 1): one-day errors 1, 2, 3, 4; two-day 3, 5, 7; four-day only 10.
        double[] history = {1, 2, 4, 7, 11};

        Forecast forecast = new SeasonalNaive(1).fit(history, 5).forecast(0.5);

        assertThat(forecast.point()).containsExactly(11, 11, 11, 11, 11);
        assertThat(forecast.lower()[0]).isCloseTo(12.75, within(1e-12));
        assertThat(forecast.upper()[0]).isCloseTo(14.25, within(1e-12));
        assertThat(forecast.lower()[1]).isCloseTo(15, within(1e-12));
        assertThat(forecast.upper()[1]).isCloseTo(17, within(1e-12));
        // No five-day error to learn from: the furthest horizon with one stands in.
        assertThat(forecast.lower()[4]).isCloseTo(21, within(1e-12));
        assertThat(forecast.upper()[4]).isCloseTo(21, within(1e-12));
    }

    @Test
    void lowerBoundNeverBelowZero() {
        double[] history = {0, 9, 0, 9, 0, 9, 0};

        Forecast forecast = new SeasonalNaive(1).fit(history, 3).forecast(0.8);

        assertThat(Arrays.stream(forecast.lower())).allSatisfy(v -> assertThat(v).isZero());
        assertThat(forecast.upper()[0]).isPositive();
    }
}
