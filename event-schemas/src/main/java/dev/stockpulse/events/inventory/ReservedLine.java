package dev.stockpulse.events.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

/** One order line reserved in one warehouse; a line served from two warehouses is two reserved lines. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReservedLine(String productId, String warehouseId, @JsonProperty(required = true) long quantity) {

    public ReservedLine {
        Checks.requiredText(productId, "product_id");
        Checks.requiredText(warehouseId, "warehouse_id");
        Checks.positive(quantity, "quantity");
    }
}
