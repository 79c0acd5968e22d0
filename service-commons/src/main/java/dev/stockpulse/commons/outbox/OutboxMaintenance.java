package dev.stockpulse.commons.outbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

import dev.stockpulse.commons.retention.AgedRows;

/**
 * Keeps the outbox small and visible: deletes sent rows past their retention, and publishes the backlog (unsent
 * rows not parked), the age of the oldest of them and the number of parked rows as gauges, refreshed on the
 * service's schedule rather than per scrape.
 */
public final class OutboxMaintenance {

    private static final Logger LOG = Logger.getLogger(OutboxMaintenance.class);

    private final Pool pool;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestUnsentSeconds = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();

    public OutboxMaintenance(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
        Gauge.builder("stockpulse.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox events not yet published to Kafka").register(metrics);
        Gauge.builder("stockpulse.outbox.oldest.unsent.seconds", oldestUnsentSeconds, AtomicLong::get)
                .description("Age of the oldest unpublished outbox event").register(metrics);
        Gauge.builder("stockpulse.outbox.parked.rows", parked, AtomicLong::get)
                .description("Outbox events parked until an operator replays them").register(metrics);
    }

    public Uni<Void> refreshGauges() {
        return pool.query("""
                SELECT count(*) FILTER (WHERE parked_at IS NULL) AS backlog,
                       coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0)::bigint
                           AS oldest,
                       count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked
                FROM outbox_event WHERE sent_at IS NULL""").execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    backlog.set(row.getLong("backlog"));
                    oldestUnsentSeconds.set(row.getLong("oldest"));
                    parked.set(row.getLong("parked"));
                })
                .onFailure().invoke(e -> LOG.debugf("Outbox gauges not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes sent rows older than the retention; answers how many. Unsent rows are never touched. */
    public Uni<Integer> cleanup(Duration retention) {
        return AgedRows.delete(pool, "DELETE FROM outbox_event WHERE sent_at IS NOT NULL AND sent_at < $1", retention,
                "sent outbox event(s)");
    }
}
