package dev.stockpulse.sales.forecast;

import java.util.Arrays;
import java.util.Map;

/**
 * Seasonal naive: each day's forecast is the demand of the same weekday a season ago. The benchmark: a method
 * that does not beat it on a series has found nothing there (MASE scales errors by its in-sample error).
 */
public final class SeasonalNaive implements ForecastMethod {

    public static final String NAME = "seasonal_naive";

    private final int season;

    public SeasonalNaive(int season) {
        this.season = season;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean fits(double[] history) {
        return history.length >= season;
    }

    @Override
    public Fit fit(double[] history, int horizon) {
        return Fit.run(NAME, Map.of(), Fit.Errors.ADDITIVE, history, season, recursion(history), horizon);
    }

    private Recursion recursion(double[] history) {
        double[] lastSeason = Arrays.copyOf(history, season);
        return new Recursion() {
            private int oldest;

            @Override
            public double predict(int h) {
                return lastSeason[(oldest + (h - 1) % season) % season];
            }

            @Override
            public void observe(double demand) {
                lastSeason[oldest] = demand;
                oldest = (oldest + 1) % season;
            }
        };
    }
}
