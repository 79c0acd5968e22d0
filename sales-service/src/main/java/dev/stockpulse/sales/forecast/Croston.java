package dev.stockpulse.sales.forecast;

import java.util.Map;

/**
 * Croston's method with the Syntetos–Boylan approximation (SBA), for products that sell on few days: smooths the
 * size of the sales and the interval between them separately, updating both only on days with a sale, and
 * forecasts (1 − alpha/2) · size / interval per day. The factor removes the upward bias of Croston's ratio
 * (Syntetos and Boylan 2005), which is the variant the intermittent-demand literature benchmarks against.
 *
 * <p>Starts at the first sale: size that sale, interval the days up to and including it. alpha is the one from
 * {0.05, 0.1, 0.15, 0.2, 0.3} (the range the literature recommends) with the least one-day-ahead squared error.
 */
public final class Croston implements ForecastMethod {

    public static final String NAME = "croston_sba";

    private static final double[] ALPHAS = {0.05, 0.1, 0.15, 0.2, 0.3};

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
        double best = ALPHAS[0];
        double bestSse = Double.POSITIVE_INFINITY;
        for (double alpha : ALPHAS) {
            double sse = Fit.oneStepSse(history, first, recursion(history, alpha));
            if (sse < bestSse) {
                bestSse = sse;
                best = alpha;
            }
        }
        return Fit.run(NAME, Map.of("alpha", best), Fit.Errors.RELATIVE, history, first, recursion(history, best),
                horizon);
    }

    /** The recursion with a given alpha, started after the first sale. */
    static Recursion recursion(double[] history, double alpha) {
        int firstSale = Demand.firstSale(history);
        return new Recursion() {
            private double size = history[firstSale];
            private double interval = firstSale + 1;
            private int sinceSale;

            @Override
            public double predict(int h) {
                return (1 - alpha / 2) * size / interval;
            }

            @Override
            public void observe(double demand) {
                sinceSale++;
                if (demand > 0) {
                    size += alpha * (demand - size);
                    interval += alpha * (sinceSale - interval);
                    sinceSale = 0;
                }
            }
        };
    }
}
