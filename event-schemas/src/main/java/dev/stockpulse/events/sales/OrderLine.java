package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

import java.math.BigDecimal;

/** One product of an order, at the price it was ordered at. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderLine(String productId, @JsonProperty(required = true) long quantity, BigDecimal unitPrice) {

    public OrderLine {
        Checks.requiredText(productId, "product_id");
        Checks.positive(quantity, "quantity");
        Checks.nonNegativeAmount(unitPrice, "unit_price");
    }
}
