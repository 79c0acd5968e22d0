package dev.stockpulse.sales.forecast;

/**
 * Daily demand forecast for the days after the history: {@code point[d]} is the expected demand of day d+1, and
 * {@code [lower[d], upper[d]]} its central prediction interval of probability {@code level}, never below 0.
 */
public record Forecast(String method, double level, double[] point, double[] lower, double[] upper) {
}
