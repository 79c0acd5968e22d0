package dev.stockpulse.sales.forecast;

/**
 * A method's recursion with its parameters fixed: its state after the days observed so far, from which it
 * forecasts. Every method is one, so fitting, forecasting and the errors behind the intervals share one loop.
 */
interface Recursion {

    /** The forecast {@code h} days ahead (1-based) of the state as it is. */
    double predict(int h);

    /** Moves the state on by one day of demand. */
    void observe(double demand);
}
