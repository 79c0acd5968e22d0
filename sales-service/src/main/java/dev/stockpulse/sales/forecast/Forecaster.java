package dev.stockpulse.sales.forecast;

import java.util.Arrays;
import java.util.List;

/**
 * Forecasts a product's daily demand: classifies the history ({@link DemandProfile}), lets the methods of its
 * family compete on the last weeks of the history, and forecasts with the winner, with empirical intervals.
 *
 * <ul>
 *   <li>Regular sellers (smooth, erratic): Holt-Winters, seasonal naive.</li>
 *   <li>Sporadic sellers (intermittent, lumpy): Croston-SBA, TSB, seasonal naive.</li>
 *   <li>Shorter than a week, so no weekly method fits: TSB (simple exponential smoothing on a regular seller).</li>
 *   <li>No sale at all: zero, interval [0, 0].</li>
 * </ul>
 *
 * <p>Selection is out of sample: from each of {@value #SELECTION_ORIGINS} origins a week apart, the last at
 * {@code horizon} days before the end, each candidate is fitted to the days before and forecasts the horizon;
 * the lowest mean squared error wins (ties to the earlier in the list). Squared, not absolute, error because the
 * forecasts are means: absolute error rewards the median, which is zero for a product that sells on fewer than
 * half of the days (why the M5 competition scored intermittent sales with RMSSE). With too little history to
 * hold out, the first method of the family that fits is used.
 */
public final class Forecaster {

    public static final int WEEK = 7;
    public static final int DEFAULT_HORIZON = 28;
    public static final double DEFAULT_LEVEL = 0.8;
    public static final String NO_DEMAND = "no_demand";

    static final int SELECTION_ORIGINS = 3;

    private final int horizon;
    private final double level;
    private final List<ForecastMethod> regular = List.of(new HoltWinters(WEEK), new SeasonalNaive(WEEK));
    private final List<ForecastMethod> sporadic = List.of(new Croston(), new Tsb(), new SeasonalNaive(WEEK));
    private final ForecastMethod tooShort = new Tsb();

    /**
     * @param horizon days to forecast, at least 1
     * @param level   probability of the prediction intervals, between 0 and 1 (e.g. 0.8)
     */
    public Forecaster(int horizon, double level) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon is " + horizon + ": at least 1 day");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level is " + level + ": between 0 and 1, e.g. 0.8");
        }
        this.horizon = horizon;
        this.level = level;
    }

    public Forecast forecast(double[] history) {
        DemandProfile profile = DemandProfile.of(history);
        if (profile.kind() == DemandProfile.Kind.NONE) {
            double[] zeros = new double[horizon];
            return new Forecast(NO_DEMAND, level, zeros, zeros.clone(), zeros.clone());
        }
        return select(profile, history).fit(history, horizon).forecast(level);
    }

    /** The method the history's family and its last weeks choose. */
    ForecastMethod select(DemandProfile profile, double[] history) {
        List<ForecastMethod> candidates = (profile.kind().sporadic() ? sporadic : regular).stream()
                .filter(m -> m.fits(history))
                .toList();
        if (candidates.isEmpty()) {
            return tooShort;
        }
        double[] squaredError = new double[candidates.size()];
        int origins = 0;
        for (int k = 0; k < SELECTION_ORIGINS; k++) {
            int origin = history.length - horizon - k * WEEK;
            if (origin <= 0) {
                break;
            }
            double[] before = Arrays.copyOf(history, origin);
            if (!candidates.stream().allMatch(m -> m.fits(before))) {
                break;
            }
            origins++;
            for (int c = 0; c < candidates.size(); c++) {
                double[] point = candidates.get(c).fit(before, horizon).point();
                for (int h = 0; h < horizon; h++) {
                    double error = history[origin + h] - point[h];
                    squaredError[c] += error * error;
                }
            }
        }
        if (origins == 0) {
            return candidates.get(0);
        }
        int best = 0;
        for (int c = 1; c < candidates.size(); c++) {
            if (squaredError[c] < squaredError[best]) {
                best = c;
            }
        }
        return candidates.get(best);
    }
}
