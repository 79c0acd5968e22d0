package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

/**
 * Rolling-origin backtest accuracy of one forecasting method over the series of a retraining, each series' score
 * averaged with equal weight.
 *
 * @param method      {@code seasonal_naive} (the benchmark), a method's name, or {@code selected} (the per-series
 *                    choice the forecasts use)
 * @param series      series backtested with this method
 * @param mase        mean absolute scaled error (below the benchmark's beats it)
 * @param rmsse       root mean squared scaled error
 * @param bias        forecast − actual, units per day (positive: too high)
 * @param biasPercent bias as % of mean demand; absent when the series sold nothing in the backtest
 * @param coverage    share of days inside the prediction interval
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMetrics(
        String method,
        @JsonProperty(required = true) int series,
        @JsonProperty(required = true) double mase,
        @JsonProperty(required = true) double rmsse,
        @JsonProperty(required = true) double bias,
        Double biasPercent,
        @JsonProperty(required = true) double coverage) {

    public ModelMetrics {
        Checks.requiredText(method, "method");
        Checks.positive(series, "series");
        Checks.nonNegativeFinite(mase, "mase");
        Checks.nonNegativeFinite(rmsse, "rmsse");
        if (!Double.isFinite(bias)) {
            throw new IllegalArgumentException("bias must be a finite number, was " + bias);
        }
        if (biasPercent != null && !Double.isFinite(biasPercent)) {
            throw new IllegalArgumentException("bias_percent must be a finite number, was " + biasPercent);
        }
        Checks.probability(coverage, "coverage");
    }
}
