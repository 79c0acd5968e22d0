package dev.stockpulse.sales.forecast;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Rolling-origin evaluation: from origins {@code step} days apart, a forecaster sees only the days before the
 * origin and forecasts the next {@code horizon}; its errors against what happened are pooled over every origin.
 *
 * <ul>
 *   <li>MASE (Hyndman and Koehler 2006): mean absolute error, each origin's scaled by the in-sample mean absolute
 *       error of the weekly seasonal naive forecast on the days before it. Below 1 beats that benchmark's
 *       in-sample error; the seasonal naive forecast's own out-of-sample MASE is the bar to compare with.</li>
 *   <li>RMSSE (the M5 measure): the same with squared errors, scaled by the in-sample mean squared error.</li>
 *   <li>Bias: mean of forecast minus actual (positive: over-forecast), and as a percentage of mean demand.</li>
 *   <li>Coverage: share of actual days inside the prediction interval.</li>
 * </ul>
 * An origin whose days before show no seasonal-naive error (the scale would be 0) is skipped.
 */
public final class Backtest {

    /** The accuracy of one forecaster on one series. */
    public record Score(String method, int origins, double mase, double rmsse, double bias, double biasPercent,
            double coverage) {
    }

    private Backtest() {
    }

    public static Score run(String method, double[] series, int firstOrigin, int step, int horizon,
            Function<double[], Forecast> forecaster) {
        Demand.check(series);
        if (firstOrigin <= Forecaster.WEEK || step < 1 || horizon < 1) {
            throw new IllegalArgumentException("firstOrigin must exceed a week, step and horizon be at least 1");
        }
        int origins = 0;
        int points = 0;
        double scaledAbsolute = 0;
        double scaledSquared = 0;
        double error = 0;
        double actual = 0;
        int covered = 0;
        for (int origin = firstOrigin; origin + horizon <= series.length; origin += step) {
            double[] before = Arrays.copyOf(series, origin);
            double absoluteScale = 0;
            double squaredScale = 0;
            for (int t = Forecaster.WEEK; t < origin; t++) {
                double naive = before[t] - before[t - Forecaster.WEEK];
                absoluteScale += Math.abs(naive);
                squaredScale += naive * naive;
            }
            if (absoluteScale == 0) {
                continue;
            }
            absoluteScale /= origin - Forecaster.WEEK;
            squaredScale /= origin - Forecaster.WEEK;
            Forecast forecast = forecaster.apply(before);
            origins++;
            for (int h = 0; h < horizon; h++) {
                double y = series[origin + h];
                double e = forecast.point()[h] - y;
                scaledAbsolute += Math.abs(e) / absoluteScale;
                scaledSquared += e * e / squaredScale;
                error += e;
                actual += y;
                if (y >= forecast.lower()[h] && y <= forecast.upper()[h]) {
                    covered++;
                }
                points++;
            }
        }
        if (points == 0) {
            throw new IllegalArgumentException("series too short for a backtest from day " + firstOrigin);
        }
        double bias = error / points;
        return new Score(method, origins, scaledAbsolute / points, Math.sqrt(scaledSquared / points), bias,
                actual == 0 ? Double.NaN : 100 * bias / (actual / points), (double) covered / points);
    }
}
