package dev.stockpulse.inventory.stock.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.idempotency.IdempotencyKeys;
import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.inventory.stock.service.StockService.Adjustment;
import dev.stockpulse.inventory.stock.service.StockService.AdjustmentResult;

/**
 * Honours the {@code Idempotency-Key} header of adjustments ({@link IdempotencyKeys}): the same key twice applies
 * once and answers the first answer, per tenant.
 */
@ApplicationScoped
public class IdempotentAdjustments {

    private final StockService stock;
    private final OutboxRelay relay;
    private final IdempotencyKeys keys;

    public IdempotentAdjustments(StockService stock, OutboxRelay relay, ObjectMapper json) {
        this.stock = stock;
        this.relay = relay;
        this.keys = new IdempotencyKeys(json);
    }

    public Uni<AdjustmentResult> adjust(Adjustment adjustment, String idempotencyKey) {
        if (idempotencyKey == null) {
            return stock.adjust(adjustment);
        }
        String request = adjustment.productId() + "|" + adjustment.warehouseId() + "|" + adjustment.quantity() + "|"
                + adjustment.reason().wireName();
        return Panache.withTransaction(() -> keys.once(adjustment.tenantId(), idempotencyKey, request,
                AdjustmentResult.class, () -> stock.adjustInTransaction(adjustment)))
                .invoke(relay::signal);
    }
}
