package dev.stockpulse.events.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

/** A product an order asked more of than was available; {@code available} may be negative on backorder. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShortLine(
        String productId,
        @JsonProperty(required = true) long requested,
        @JsonProperty(required = true) long available) {

    public ShortLine {
        Checks.requiredText(productId, "product_id");
        Checks.positive(requested, "requested");
        if (available >= requested) {
            throw new IllegalArgumentException("available must be less than requested " + requested
                    + " for a short line, was " + available);
        }
    }
}
