package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

/**
 * How much sales-service suggests reordering.
 *
 * @param rationale a sentence for the buyer, e.g. "covers 2 pending orders and 21 days of demand"; optional
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReorderSuggestion(@JsonProperty(required = true) long quantity, String rationale) {

    public ReorderSuggestion {
        Checks.positive(quantity, "quantity");
    }
}
