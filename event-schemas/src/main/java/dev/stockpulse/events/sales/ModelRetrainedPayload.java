package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

import java.util.List;

/**
 * A tenant's demand forecasts were retrained ({@code sales.forecast.model_retrained}): methods re-selected and
 * re-fitted, with the backtest accuracy of that run.
 *
 * @param trigger    {@link #TRIGGER_SCHEDULE} or {@link #TRIGGER_NEW_HISTORY}
 * @param products   product series retrained
 * @param categories category series retrained
 * @param horizon    days forecast
 * @param level      probability of the prediction intervals
 * @param metrics    per method; empty when no series had history enough for a backtest
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelRetrainedPayload(
        String trigger,
        @JsonProperty(required = true) int products,
        @JsonProperty(required = true) int categories,
        @JsonProperty(required = true) int horizon,
        @JsonProperty(required = true) double level,
        List<ModelMetrics> metrics) {

    public static final String TRIGGER_SCHEDULE = "schedule";
    public static final String TRIGGER_NEW_HISTORY = "new_history";

    public ModelRetrainedPayload {
        Checks.requiredText(trigger, "trigger");
        Checks.nonNegative(products, "products");
        Checks.nonNegative(categories, "categories");
        Checks.positive(horizon, "horizon");
        Checks.probability(level, "level");
        metrics = Checks.requiredList(metrics, "metrics");
    }
}
