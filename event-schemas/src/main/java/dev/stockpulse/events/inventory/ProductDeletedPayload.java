package dev.stockpulse.events.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

/** {@code inventory.product.deleted}: the sku travels along so that consumers can label what disappeared. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductDeletedPayload(String productId, String sku) {

    public ProductDeletedPayload {
        Checks.requiredText(productId, "product_id");
        Checks.requiredText(sku, "sku");
    }
}
