package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

import java.time.Instant;

/**
 * A product out of stock at the end of a day.
 *
 * @param since when it ran out (its {@code out_of_stock} alert was raised)
 * @param hours how long it had been out at the end of the day
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OutOfStockProduct(String productId, Instant since, @JsonProperty(required = true) double hours) {

    public OutOfStockProduct {
        Checks.requiredText(productId, "product_id");
        Checks.required(since, "since");
        Checks.nonNegativeFinite(hours, "hours");
    }
}
