package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

/**
 * One of the products that sold the most units in a period.
 *
 * @param name  the product's name as the catalogue has it; absent when unknown
 * @param units units sold (sale movements and delivered order lines)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TopMover(String productId, String name, @JsonProperty(required = true) long units) {

    public TopMover {
        Checks.requiredText(productId, "product_id");
        Checks.positive(units, "units");
    }
}
