package dev.stockpulse.sales.forecast;

/** Checks on a daily demand history shared by the methods. */
final class Demand {

    private Demand() {
    }

    /**
     * Refuses what cannot be a day's demand: an empty history, or a negative, NaN or infinite value (a return is
     * not negative demand; it belongs to the stock, not to the forecast).
     */
    static void check(double[] history) {
        if (history == null || history.length == 0) {
            throw new IllegalArgumentException("history: at least one day of demand is needed");
        }
        for (int t = 0; t < history.length; t++) {
            if (!(history[t] >= 0) || Double.isInfinite(history[t])) {
                throw new IllegalArgumentException("history[" + t + "] is " + history[t]
                        + ": a day's demand is a finite number of units, at least 0");
            }
        }
    }

    /** Index of the first day with a sale, or -1 if there is none. */
    static int firstSale(double[] history) {
        for (int t = 0; t < history.length; t++) {
            if (history[t] > 0) {
                return t;
            }
        }
        return -1;
    }
}
