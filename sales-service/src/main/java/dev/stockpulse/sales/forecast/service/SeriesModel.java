package dev.stockpulse.sales.forecast.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import dev.stockpulse.sales.forecast.Backtest;
import dev.stockpulse.sales.forecast.Croston;
import dev.stockpulse.sales.forecast.Forecast;
import dev.stockpulse.sales.forecast.ForecastMethod;
import dev.stockpulse.sales.forecast.Forecaster;
import dev.stockpulse.sales.forecast.HoltWinters;
import dev.stockpulse.sales.forecast.SeasonalNaive;
import dev.stockpulse.sales.forecast.Tsb;

/**
 * Retrains one series: the {@link Forecaster}'s forecast from the whole history, and a rolling-origin backtest of
 * the selection and of each method on its last weeks, the benchmark (seasonal naive) included. CPU-bound, pure:
 * callers run it off the event loop.
 */
public final class SeriesModel {

    /** What the forecasts use: the method the {@link Forecaster} selects per series and origin. */
    public static final String SELECTED = "selected";

    /** The forecast and, when the history is long enough for a backtest, each method's score on it. */
    public record Result(Forecast forecast, List<Backtest.Score> scores) {
    }

    private final int horizon;
    private final double level;
    private final int origins;
    private final Forecaster forecaster;
    private final List<ForecastMethod> methods = List.of(new SeasonalNaive(Forecaster.WEEK),
            new HoltWinters(Forecaster.WEEK), new Croston(), new Tsb());

    public SeriesModel(int horizon, double level, int origins) {
        this.horizon = horizon;
        this.level = level;
        this.origins = origins;
        this.forecaster = new Forecaster(horizon, level);
    }

    public Result retrain(double[] history) {
        return new Result(forecaster.forecast(history), backtest(history));
    }

    /**
     * From up to {@code origins} origins a week apart, the last one horizon before the end; fewer when the history
     * is short, none (no scores) when it cannot hold two weeks before the first. A method that cannot be fitted at
     * the first origin, or a series whose benchmark never erred (nothing to scale by), has no score.
     */
    List<Backtest.Score> backtest(double[] history) {
        int n = origins;
        while (n > 0 && history.length - horizon - (n - 1) * Forecaster.WEEK < 2 * Forecaster.WEEK) {
            n--;
        }
        if (n == 0) {
            return List.of();
        }
        int first = history.length - horizon - (n - 1) * Forecaster.WEEK;
        double[] beforeFirst = Arrays.copyOf(history, first);
        List<Backtest.Score> scores = new ArrayList<>();
        for (ForecastMethod method : methods) {
            if (method.fits(beforeFirst)) {
                score(method.name(), history, first, before -> method.fit(before, horizon).forecast(level), scores);
            }
        }
        score(SELECTED, history, first, forecaster::forecast, scores);
        return scores;
    }

    private void score(String name, double[] history, int first, Function<double[], Forecast> forecast,
            List<Backtest.Score> scores) {
        try {
            scores.add(Backtest.run(name, history, first, Forecaster.WEEK, horizon, forecast));
        } catch (IllegalArgumentException noScale) {
            // Every origin's benchmark error was 0 (a constant series): MASE is undefined, so nothing is reported.
        }
    }
}
