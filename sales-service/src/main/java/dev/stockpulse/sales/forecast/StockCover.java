package dev.stockpulse.sales.forecast;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * What a forecast says about stock: how long it lasts, and how much to reorder so that it lasts until the next
 * order can arrive, at a service level.
 *
 * <p>Past the forecast's horizon, demand continues at the mean of its last week. The daily forecast error is read
 * back from the prediction interval as if it were normal, σ = (upper − lower) / (2 z), averaged over the horizon;
 * over n days it is σ √n, the textbook assumption of independent daily errors (it understates the error when
 * the level itself is off, which the intervals' per-day widths partly carry).
 */
public final class StockCover {

    private static final NormalDistribution NORMAL = new NormalDistribution();

    /**
     * How much to reorder and why.
     *
     * @param coverDays   lead time plus review period: the days the order must cover
     * @param demand      forecast demand over those days
     * @param sigma       forecast error over those days (σ √n)
     * @param z           the service level's standard normal quantile
     * @param safetyStock z × sigma
     * @param quantity    demand + safety stock − on hand − on order, rounded up, at least 0
     */
    public record Reorder(double coverDays, double demand, double sigma, double z, double safetyStock,
            long quantity) {
    }

    private StockCover() {
    }

    /**
     * Days until the forecast demand uses up {@code stock}, fractional (1.5: halfway through the second day);
     * infinite when nothing is forecast to sell, 0 when there is no stock.
     */
    public static double daysOfStock(double stock, Forecast forecast) {
        if (stock <= 0) {
            return 0;
        }
        double[] point = forecast.point();
        double left = stock;
        for (int d = 0; d < point.length; d++) {
            if (point[d] >= left) {
                return d + left / point[d];
            }
            left -= point[d];
        }
        double tail = tailRate(point);
        return tail <= 0 ? Double.POSITIVE_INFINITY : point.length + left / tail;
    }

    /** Forecast demand over the first {@code days} days, fractional days pro rata. */
    public static double demandOver(Forecast forecast, double days) {
        double[] point = forecast.point();
        double total = 0;
        int whole = (int) Math.floor(days);
        for (int d = 0; d < whole; d++) {
            total += d < point.length ? point[d] : tailRate(point);
        }
        double part = days - whole;
        if (part > 0) {
            total += part * (whole < point.length ? point[whole] : tailRate(point));
        }
        return total;
    }

    /**
     * @param serviceLevel probability that the stock covers the demand until the next order arrives, e.g. 0.95
     * @param onHand       stock on hand
     * @param onOrder      units ordered and not yet received
     */
    public static Reorder reorder(Forecast forecast, double leadTimeDays, double reviewDays, double serviceLevel,
            double onHand, double onOrder) {
        if (!(serviceLevel > 0.5 && serviceLevel < 1)) {
            throw new IllegalArgumentException("serviceLevel is " + serviceLevel + ": between 0.5 and 1, e.g. 0.95");
        }
        double cover = leadTimeDays + reviewDays;
        double demand = demandOver(forecast, cover);
        double sigma = dailySigma(forecast) * Math.sqrt(cover);
        double z = NORMAL.inverseCumulativeProbability(serviceLevel);
        double safety = z * sigma;
        long quantity = (long) Math.max(0, Math.ceil(demand + safety - onHand - onOrder - 1e-9));
        return new Reorder(cover, demand, sigma, z, safety, quantity);
    }

    /** The daily error σ the prediction interval implies, averaged over the horizon. */
    static double dailySigma(Forecast forecast) {
        double z = NORMAL.inverseCumulativeProbability((1 + forecast.level()) / 2);
        double sum = 0;
        for (int d = 0; d < forecast.point().length; d++) {
            sum += (forecast.upper()[d] - forecast.lower()[d]) / (2 * z);
        }
        return forecast.point().length == 0 ? 0 : sum / forecast.point().length;
    }

    private static double tailRate(double[] point) {
        int from = Math.max(0, point.length - Forecaster.WEEK);
        double sum = 0;
        for (int d = from; d < point.length; d++) {
            sum += point[d];
        }
        return point.length == from ? 0 : sum / (point.length - from);
    }
}
