package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

import java.time.LocalDate;
import java.util.List;

/**
 * A demand forecast of one product or one category, carried by {@code sales.forecast.generated} (the first forecast
 * of the series).
 *
 * @param scope           {@link #SCOPE_PRODUCT} or {@link #SCOPE_CATEGORY}
 * @param productId       the product, for a product's forecast
 * @param category        the category: the product's (if it has one) or the category forecast
 * @param method          the method the backtest selected, e.g. {@code holt_winters}, {@code croston_sba}
 * @param horizon         days forecast, the number of {@code points}
 * @param level           probability of the prediction intervals, e.g. 0.8
 * @param startDate       the first day forecast (UTC)
 * @param predictedDemand units expected over the whole horizon
 * @param historyDays     days of demand history the forecast was fitted to
 * @param points          one per day from {@code start_date}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ForecastPayload(
        String scope,
        String productId,
        String category,
        String method,
        @JsonProperty(required = true) int horizon,
        @JsonProperty(required = true) double level,
        LocalDate startDate,
        @JsonProperty(required = true) double predictedDemand,
        @JsonProperty(required = true) int historyDays,
        List<ForecastPoint> points) {

    public static final String SCOPE_PRODUCT = "product";
    public static final String SCOPE_CATEGORY = "category";

    public ForecastPayload {
        Checks.requiredText(scope, "scope");
        Checks.requiredText(method, "method");
        Checks.positive(horizon, "horizon");
        Checks.probability(level, "level");
        Checks.required(startDate, "start_date");
        Checks.nonNegativeFinite(predictedDemand, "predicted_demand");
        Checks.positive(historyDays, "history_days");
        points = Checks.requiredNonEmptyList(points, "points");
    }
}
