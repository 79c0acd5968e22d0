package dev.stockpulse.sales.forecast;

import java.util.Map;

/**
 * Teunter–Syntetos–Babai (2011): smooths the probability of a sale every day (towards 1 on a day with a sale,
 * towards 0 on one without) and the size of the sales on days with one, and forecasts probability · size. Unlike
 * Croston's, its forecast decays while a product does not sell, so a product going obsolete is forecast towards
 * zero instead of at its old rate. On a regular seller (a sale every day) it is simple exponential smoothing.
 *
 * <p>Starts at the first sale: size that sale, probability one sale in the days up to and including it. alpha
 * (size) from {0.05, 0.1, 0.2, 0.3} and beta (probability) from {0.01, 0.02, 0.05, 0.1, 0.2}, the pair with the
 * least one-day-ahead squared error.
 */
public final class Tsb implements ForecastMethod {

    public static final String NAME = "tsb";

    private static final double[] ALPHAS = {0.05, 0.1, 0.2, 0.3};
    private static final double[] BETAS = {0.01, 0.02, 0.05, 0.1, 0.2};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean fits(double[] history) {
        return Demand.firstSale(history) >= 0;
    }

    @Override
    public Fit fit(double[] history, int horizon) {
        int first = Demand.firstSale(history) + 1;
        double bestAlpha = ALPHAS[0];
        double bestBeta = BETAS[0];
        double bestSse = Double.POSITIVE_INFINITY;
        for (double alpha : ALPHAS) {
            for (double beta : BETAS) {
                double sse = Fit.oneStepSse(history, first, recursion(history, alpha, beta));
                if (sse < bestSse) {
                    bestSse = sse;
                    bestAlpha = alpha;
                    bestBeta = beta;
                }
            }
        }
        return Fit.run(NAME, Map.of("alpha", bestAlpha, "beta", bestBeta), Fit.Errors.RELATIVE, history, first,
                recursion(history, bestAlpha, bestBeta), horizon);
    }

    /** The recursion with given alpha (size) and beta (probability), started after the first sale. */
    static Recursion recursion(double[] history, double alpha, double beta) {
        int firstSale = Demand.firstSale(history);
        return new Recursion() {
            private double size = history[firstSale];
            private double probability = 1.0 / (firstSale + 1);

            @Override
            public double predict(int h) {
                return probability * size;
            }

            @Override
            public void observe(double demand) {
                if (demand > 0) {
                    probability += beta * (1 - probability);
                    size += alpha * (demand - size);
                } else {
                    probability -= beta * probability;
                }
            }
        };
    }
}
