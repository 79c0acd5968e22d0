package dev.stockpulse.commons.idempotency;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import dev.stockpulse.commons.retention.AgedRows;

/**
 * Forgets {@code Idempotency-Key}s past {@code stockpulse.idempotency.retention}, so the service's
 * {@code idempotency_key} table (indexed on {@code created_at}) does not grow forever; a repeat of a forgotten key is
 * applied as a new request. A service with that table turns it on with {@code stockpulse.idempotency.enabled=true}.
 */
@ApplicationScoped
@IfBuildProperty(name = "stockpulse.idempotency.enabled", stringValue = "true")
public class IdempotencyKeyExpiry {

    private final Pool pool;
    private final IdempotencyConfig config;

    public IdempotencyKeyExpiry(Pool pool, IdempotencyConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${stockpulse.idempotency.cleanup-interval:15m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> expireKeys() {
        return expire().replaceWithVoid();
    }

    /** Deletes the keys first used before the retention now; answers how many. */
    public Uni<Integer> expire() {
        return AgedRows.delete(pool, "DELETE FROM idempotency_key WHERE created_at < $1", config.retention(),
                "idempotency key(s)");
    }
}
