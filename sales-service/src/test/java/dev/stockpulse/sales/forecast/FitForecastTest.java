package dev.stockpulse.sales.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FitForecastTest {

    /** Forecasts 2 a day whatever it sees, so the errors are the history's alone. */
    private static Recursion two() {
        return new Recursion() {
            @Override
            public double predict(int h) {
                return 2;
            }

            @Override
            public void observe(double demand) {
            }
        };
    }

    @Test
    void relativeErrorsScaleTheRateAndAnIntervalFromZeroHoldsTheLevel() {
        // Ratios 0, 2, 0, 1, 0, 0, 3, 0: the 10% quantile is 0, so the interval is [0, 80% quantile = 1.6 × 2].
        double[] history = {0, 4, 0, 2, 0, 0, 6, 0};

        Forecast forecast = Fit.run("two", Map.of(), Fit.Errors.RELATIVE, history, 0, two(), 1).forecast(0.8);

        assertThat(forecast.lower()[0]).isZero();
        assertThat(forecast.upper()[0]).isCloseTo(3.2, within(1e-12));
    }

    @Test
    void centralWhenTheLowerQuantileIsAboveZero() {
        // Errors -1, 0, 1, 2, 3 at 50%: from the 25% (0) to the 75% quantile (2) around 2.
        double[] history = {1, 2, 3, 4, 5};

        Forecast forecast = Fit.run("two", Map.of(), Fit.Errors.ADDITIVE, history, 0, two(), 1).forecast(0.5);

        assertThat(forecast.lower()[0]).isCloseTo(2, within(1e-12));
        assertThat(forecast.upper()[0]).isCloseTo(4, within(1e-12));
    }

    @Test
    void relativeErrorsLeaveOutZeroForecasts() {
        Fit fit = Fit.run("zero", Map.of(), Fit.Errors.RELATIVE, new double[] {0, 3}, 0, new Recursion() {
            @Override
            public double predict(int h) {
                return 0;
            }

            @Override
            public void observe(double demand) {
            }
        }, 1);

        assertThat(fit.errors(1)).isEmpty();
    }
}
