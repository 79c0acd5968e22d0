package dev.stockpulse.sales.forecast;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A method fitted to a history, with the forecasts its recursion made along the way: {@code paths[i]} forecasts
 * the {@code horizon} days from origin {@code firstOrigin + i} knowing only the days before it; the last row,
 * made from the whole history, is the forecast.
 *
 * <p>Prediction intervals are empirical: at horizon h, the quantiles of the errors of every h-day-ahead forecast
 * the fitted recursion made over the history, applied to the point forecast. They need no distribution (demand is
 * skewed, counted and bounded by zero; Croston's method has no stochastic model behind it), they widen with the
 * horizon as the errors do, and every method gets them the same way. How an error is measured is the method's
 * {@link Errors}.
 */
public record Fit(String method, Map<String, Double> parameters, Errors errorKind, double[] history,
        int firstOrigin, double[][] paths) {

    /** How a forecast's errors are measured and applied to the point forecast for its interval. */
    public enum Errors {
        /** Actual minus forecast, added to the point: for forecasts of a day's level (seasonal naive, Holt-Winters). */
        ADDITIVE,
        /**
         * Actual over forecast, multiplying the point: for rates of sporadic demand (Croston, TSB), where most days
         * are 0 whatever the rate. The interval scales with the rate and starts at 0 whenever more than
         * (1 − level)/2 of the days sell nothing; an added error would leave the zero days out as soon as the rate
         * is higher than usual.
         */
        RELATIVE
    }

    /** The point forecast from the whole history, never below zero. */
    public double[] point() {
        return Arrays.stream(paths[paths.length - 1]).map(v -> Math.max(0, v)).toArray();
    }

    /**
     * The errors of the forecasts {@code h} days ahead (1-based) from every origin whose actual is known; a
     * relative error is left out where the forecast was 0.
     */
    public double[] errors(int h) {
        int known = Math.max(0, history.length - firstOrigin - h + 1);
        return IntStream.range(0, known)
                .filter(i -> errorKind == Errors.ADDITIVE || paths[i][h - 1] > 0)
                .mapToDouble(i -> {
                    double actual = history[firstOrigin + i + h - 1];
                    return errorKind == Errors.ADDITIVE ? actual - paths[i][h - 1] : actual / paths[i][h - 1];
                })
                .toArray();
    }

    /**
     * The forecast with intervals of the given probability (e.g. 0.8): central, from the (1 − level)/2 to the
     * (1 + level)/2 quantile, unless the lower quantile is no demand at all. Then at least (1 − level)/2 of the
     * days sell nothing, the central lower tail is all at 0, and the interval is [0, level quantile], which holds
     * the level's share, not (1 + level)/2 of it. A horizon beyond what the history can check takes the errors
     * of the furthest horizon it can, so intervals never narrow with the horizon for want of data; with no error
     * at all (one day of history) the interval is the point.
     */
    public Forecast forecast(double level) {
        double[] point = point();
        int horizon = point.length;
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double[] errors = new double[0];
        for (int h = 1; h <= horizon; h++) {
            double[] atH = errors(h);
            if (atH.length > 0) {
                errors = atH;
                Arrays.sort(errors);
            }
            double low = apply(point[h - 1], errors, (1 - level) / 2);
            lower[h - 1] = Math.max(0, low);
            upper[h - 1] = Math.max(lower[h - 1], apply(point[h - 1], errors, low > 0 ? (1 + level) / 2 : level));
        }
        return new Forecast(method, level, point, lower, upper);
    }

    private double apply(double point, double[] sortedErrors, double p) {
        if (sortedErrors.length == 0) {
            return point;
        }
        double error = quantile(sortedErrors, p);
        return errorKind == Errors.ADDITIVE ? point + error : point * error;
    }

    /** Runs {@code recursion}, initialised on the days before {@code firstOrigin}, over the rest of the history. */
    static Fit run(String method, Map<String, Double> parameters, Errors errorKind, double[] history,
            int firstOrigin, Recursion recursion, int horizon) {
        double[][] paths = new double[history.length - firstOrigin + 1][horizon];
        for (int t = firstOrigin; ; t++) {
            for (int h = 1; h <= horizon; h++) {
                paths[t - firstOrigin][h - 1] = recursion.predict(h);
            }
            if (t == history.length) {
                return new Fit(method, parameters, errorKind, history, firstOrigin, paths);
            }
            recursion.observe(history[t]);
        }
    }

    /** Sum of squared one-day-ahead errors from {@code firstOrigin} on: what parameters are chosen by. */
    static double oneStepSse(double[] history, int firstOrigin, Recursion recursion) {
        double sse = 0;
        for (int t = firstOrigin; t < history.length; t++) {
            double error = history[t] - recursion.predict(1);
            sse += error * error;
            recursion.observe(history[t]);
        }
        return sse;
    }

    /** Linear interpolation between order statistics (Hyndman and Fan's type 7) of sorted, non-empty values. */
    static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
