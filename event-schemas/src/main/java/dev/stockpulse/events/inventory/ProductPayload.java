package dev.stockpulse.events.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

import java.math.BigDecimal;

/**
 * The full state of a product after {@code inventory.product.created} or {@code inventory.product.updated}.
 *
 * @param category optional; products may be uncategorised
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductPayload(
        String productId,
        String sku,
        String name,
        String category,
        BigDecimal unitPrice,
        @JsonProperty(required = true) long reorderLevel,
        @JsonProperty(required = true) long reorderQuantity,
        @JsonProperty(required = true) boolean active) {

    public ProductPayload {
        Checks.requiredText(productId, "product_id");
        Checks.requiredText(sku, "sku");
        Checks.requiredText(name, "name");
        Checks.nonNegativeAmount(unitPrice, "unit_price");
        Checks.nonNegative(reorderLevel, "reorder_level");
        Checks.nonNegative(reorderQuantity, "reorder_quantity");
    }
}
