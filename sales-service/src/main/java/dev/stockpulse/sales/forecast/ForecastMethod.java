package dev.stockpulse.sales.forecast;

/** A forecasting method: chooses its parameters for a daily demand history and forecasts from it. */
public interface ForecastMethod {

    /** Stable name, as reported in forecasts and backtests. */
    String name();

    /** Whether the method can be fitted to this history (long enough, some demand where it needs it). */
    boolean fits(double[] history);

    /** Fits the method to {@code history} and forecasts {@code horizon} days from every origin it can. */
    Fit fit(double[] history, int horizon);
}
