package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

import java.time.LocalDate;
import java.util.List;

/**
 * A series' forecast moved by more than sales-service's threshold since it was last published
 * ({@code sales.forecast.updated}). The fields of {@link ForecastPayload} describe the new forecast.
 *
 * @param oldForecast    units the previously published forecast expected over its horizon
 * @param newForecast    units the new forecast expects over its horizon (equal to {@code predicted_demand})
 * @param changePercent  (new − old) / old × 100; absent when the old forecast was 0
 * @param previousMethod the method of the previously published forecast
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ForecastUpdatedPayload(
        String scope,
        String productId,
        String category,
        String method,
        String previousMethod,
        @JsonProperty(required = true) int horizon,
        @JsonProperty(required = true) double level,
        LocalDate startDate,
        @JsonProperty(required = true) double predictedDemand,
        @JsonProperty(required = true) int historyDays,
        @JsonProperty(required = true) double oldForecast,
        @JsonProperty(required = true) double newForecast,
        Double changePercent,
        List<ForecastPoint> points) {

    public ForecastUpdatedPayload {
        Checks.requiredText(scope, "scope");
        Checks.requiredText(method, "method");
        Checks.requiredText(previousMethod, "previous_method");
        Checks.positive(horizon, "horizon");
        Checks.probability(level, "level");
        Checks.required(startDate, "start_date");
        Checks.nonNegativeFinite(predictedDemand, "predicted_demand");
        Checks.positive(historyDays, "history_days");
        Checks.nonNegativeFinite(oldForecast, "old_forecast");
        Checks.nonNegativeFinite(newForecast, "new_forecast");
        if (changePercent != null && !Double.isFinite(changePercent)) {
            throw new IllegalArgumentException("change_percent must be a finite number, was " + changePercent);
        }
        points = Checks.requiredNonEmptyList(points, "points");
    }
}
