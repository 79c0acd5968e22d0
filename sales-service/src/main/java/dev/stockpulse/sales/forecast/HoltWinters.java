package dev.stockpulse.sales.forecast;

import java.util.Map;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Additive Holt-Winters with damped trend, ETS(A,Ad,A) in error-correction form: level, damped trend and a
 * weekly profile, each corrected by a share of the one-day-ahead error. For regular sellers with a weekday
 * pattern and a drifting level; damping keeps a trend from running away over a four-week horizon (Gardner and
 * McKenzie; the damped trend is the hard benchmark of the M3 competition).
 *
 * <p>Parameters minimise the in-sample one-day-ahead squared error with BOBYQA (commons-math3, deterministic, at
 * most {@value #MAX_EVALUATIONS} evaluations) within the usual bounds: 0 &lt; alpha &lt; 1, beta = alpha·b,
 * gamma = (1 − alpha)·g with b, g in [0, 1], phi in [0.8, 0.98]. Start: level the first week's mean, trend the
 * change to the second week's mean, profile the first week's detrended deviations.
 */
public final class HoltWinters implements ForecastMethod {

    public static final String NAME = "holt_winters";

    private static final double PHI_MIN = 0.8;
    private static final double PHI_MAX = 0.98;
    private static final int MAX_EVALUATIONS = 1000;

    private final int season;

    public HoltWinters(int season) {
        this.season = season;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean fits(double[] history) {
        return history.length >= 2 * season;
    }

    @Override
    public Fit fit(double[] history, int horizon) {
        double[] best = {0.2, 0.1, 0.1, 0.9};
        double[] bestSse = {Double.POSITIVE_INFINITY};
        ObjectiveFunction sse = new ObjectiveFunction(x -> {
            double sum = Fit.oneStepSse(history, season, recursion(history, season, x[0], x[0] * x[1],
                    (1 - x[0]) * x[2], x[3]));
            if (sum < bestSse[0]) {
                bestSse[0] = sum;
                System.arraycopy(x, 0, best, 0, x.length);
            }
            return Double.isFinite(sum) ? sum : Double.MAX_VALUE;
        });
        try {
            new BOBYQAOptimizer(2 * best.length + 1, 0.05, 1e-4).optimize(new MaxEval(MAX_EVALUATIONS), sse,
                    GoalType.MINIMIZE, new InitialGuess(best.clone()),
                    new SimpleBounds(new double[] {1e-4, 0, 0, PHI_MIN}, new double[] {1 - 1e-4, 1, 1, PHI_MAX}));
        } catch (TooManyEvaluationsException budgetSpent) {
            // A flat error surface (a series with little structure) can keep BOBYQA going: the best point seen is
            // as good a fit as that series allows.
        }
        double alpha = best[0];
        double beta = best[0] * best[1];
        double gamma = (1 - best[0]) * best[2];
        double phi = best[3];
        return Fit.run(NAME, Map.of("alpha", alpha, "beta", beta, "gamma", gamma, "phi", phi), Fit.Errors.ADDITIVE,
                history, season, recursion(history, season, alpha, beta, gamma, phi), horizon);
    }

    /** The recursion with given parameters, initialised on the first two seasons and starting after the first. */
    static Recursion recursion(double[] history, int season, double alpha, double beta, double gamma, double phi) {
        double first = mean(history, 0, season);
        double trend = (mean(history, season, 2 * season) - first) / season;
        double[] profile = new double[season];
        for (int i = 0; i < season; i++) {
            profile[i] = history[i] - (first + trend * (i - (season - 1) / 2.0));
        }
        double start = first + trend * (season - 1) / 2.0;
        return new Recursion() {
            private double level = start;
            private double slope = trend;
            private int next;

            @Override
            public double predict(int h) {
                double damped = 0;
                double power = 1;
                for (int i = 1; i <= h; i++) {
                    power *= phi;
                    damped += power;
                }
                return level + damped * slope + profile[(next + (h - 1) % season) % season];
            }

            @Override
            public void observe(double demand) {
                double error = demand - (level + phi * slope + profile[next]);
                level = level + phi * slope + alpha * error;
                slope = phi * slope + beta * error;
                profile[next] += gamma * error;
                next = (next + 1) % season;
            }
        };
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
