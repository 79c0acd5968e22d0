package dev.stockpulse.sales.forecast;

/**
 * A history's demand pattern after Syntetos, Boylan and Croston (2005): ADI, the average number of days per
 * day with a sale (counted from the first sale, so a product launched late is not called intermittent), and
 * CV², the squared coefficient of variation of the sizes of the sales. Cut-offs 1.32 and 0.49.
 */
public record DemandProfile(double adi, double cv2, Kind kind) {

    public static final double ADI_CUTOFF = 1.32;
    public static final double CV2_CUTOFF = 0.49;

    public enum Kind {
        /** No sale at all. */
        NONE,
        /** Sells on most days, steady sizes. */
        SMOOTH,
        /** Sells on most days, sizes vary a lot. */
        ERRATIC,
        /** Sells on few days, steady sizes. */
        INTERMITTENT,
        /** Sells on few days, sizes vary a lot. */
        LUMPY;

        /** Whether the product sells on few days, where Croston-type methods apply. */
        public boolean sporadic() {
            return this == INTERMITTENT || this == LUMPY;
        }
    }

    public static DemandProfile of(double[] history) {
        Demand.check(history);
        int first = Demand.firstSale(history);
        if (first < 0) {
            return new DemandProfile(Double.POSITIVE_INFINITY, 0, Kind.NONE);
        }
        int sales = 0;
        double sum = 0;
        double sumOfSquares = 0;
        for (int t = first; t < history.length; t++) {
            if (history[t] > 0) {
                sales++;
                sum += history[t];
                sumOfSquares += history[t] * history[t];
            }
        }
        double adi = (double) (history.length - first) / sales;
        double mean = sum / sales;
        double cv2 = Math.max(0, sumOfSquares / sales - mean * mean) / (mean * mean);
        boolean few = adi >= ADI_CUTOFF;
        boolean varied = cv2 >= CV2_CUTOFF;
        Kind kind = few ? (varied ? Kind.LUMPY : Kind.INTERMITTENT) : (varied ? Kind.ERRATIC : Kind.SMOOTH);
        return new DemandProfile(adi, cv2, kind);
    }
}
