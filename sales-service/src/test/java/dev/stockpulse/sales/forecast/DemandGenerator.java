package dev.stockpulse.sales.forecast;

import java.util.Random;

/**
 * Daily demand with known structure for the forecasting tests, deterministic for a seed ({@link Random}'s
 * sequence is specified, so every JVM draws the same series).
 */
final class DemandGenerator {

    static final long SEED = 20261205L;
    static final int DAYS = 420;

    /** Weekday effect, Monday first: a busy Saturday, a quiet Sunday. */
    private static final double[] WEEK = {-4, -2, 0, 1, 3, 8, -6};

    private final Random random;

    DemandGenerator(long seed) {
        random = new Random(seed);
    }

    /** A regular seller: level 20 rising 0.04 a day, the weekday effect, Gaussian noise of sd 2.5. */
    double[] seasonalTrend() {
        double[] demand = new double[DAYS];
        for (int t = 0; t < DAYS; t++) {
            demand[t] = units(20 + 0.04 * t + WEEK[t % 7] + 2.5 * random.nextGaussian());
        }
        return demand;
    }

    /** The regular seller with a three-day promotion (demand × 2.5) every 45 days and a bulk order (+60) a month. */
    double[] promotions() {
        double[] demand = seasonalTrend();
        for (int t = 0; t < DAYS; t++) {
            if (t % 45 < 3) {
                demand[t] = Math.round(demand[t] * 2.5);
            }
            if (t % 30 == 17) {
                demand[t] += 60;
            }
        }
        return demand;
    }

    /** Sells on a quarter of the days, 1 + a geometric number of units (mean 5), no weekly pattern. */
    double[] intermittent() {
        double[] demand = new double[DAYS];
        for (int t = 0; t < DAYS; t++) {
            demand[t] = random.nextDouble() < 0.25 ? 1 + geometric(4) : 0;
        }
        return demand;
    }

    /** Sells on 40% of the days, 1–4 units, until day 340; never again after. */
    double[] obsolete() {
        double[] demand = new double[DAYS];
        for (int t = 0; t < 340; t++) {
            demand[t] = random.nextDouble() < 0.4 ? 1 + random.nextInt(4) : 0;
        }
        return demand;
    }

    private double geometric(double mean) {
        double p = 1 / (1 + mean);
        return Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
    }

    private static double units(double value) {
        return Math.max(0, Math.round(value));
    }
}
