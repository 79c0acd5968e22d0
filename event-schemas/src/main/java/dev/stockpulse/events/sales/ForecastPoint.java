package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

import java.time.LocalDate;

/**
 * One day of a demand forecast: the expected units and their prediction interval.
 *
 * @param date   the day (UTC) forecast
 * @param demand expected units sold that day
 * @param lower  lower end of the prediction interval, at most {@code demand}
 * @param upper  upper end of the prediction interval, at least {@code demand}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ForecastPoint(LocalDate date, @JsonProperty(required = true) double demand,
        @JsonProperty(required = true) double lower, @JsonProperty(required = true) double upper) {

    public ForecastPoint {
        Checks.required(date, "date");
        Checks.nonNegativeFinite(demand, "demand");
        Checks.nonNegativeFinite(lower, "lower");
        Checks.nonNegativeFinite(upper, "upper");
        if (lower > demand || demand > upper) {
            throw new IllegalArgumentException("lower must not exceed demand, nor demand upper, were " + lower + ", "
                    + demand + ", " + upper);
        }
    }
}
