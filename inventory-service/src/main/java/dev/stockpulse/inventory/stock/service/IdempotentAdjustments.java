package dev.stockpulse.inventory.stock.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.stockpulse.commons.idempotency.IdempotencyKeys;
import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.inventory.config.InventoryConfig;
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
    private final Pool pool;
    private final InventoryConfig config;

    public IdempotentAdjustments(StockService stock, OutboxRelay relay, ObjectMapper json, Pool pool,
            InventoryConfig config) {
        this.stock = stock;
        this.relay = relay;
        this.keys = new IdempotencyKeys(json);
        this.pool = pool;
        this.config = config;
    }

    /** Forgets keys past {@code inventory.idempotency.retention}, so the table does not grow forever. */
    @Scheduled(every = "${inventory.idempotency.cleanup-interval:15m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> expireKeys() {
        return forgetExpiredKeys().replaceWithVoid();
    }

    /** Deletes the keys past their retention now; answers how many. */
    public Uni<Integer> forgetExpiredKeys() {
        return IdempotencyKeys.expire(pool, config.idempotency().retention());
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
