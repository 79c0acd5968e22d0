package dev.stockpulse.sales.alert.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * {@code stockpulse_alerts{status=…,kind=…}}: how many alerts are in each state, all tenants together. Counted from
 * the table on a schedule, not per scrape, so a busy Prometheus cannot load the database.
 */
@ApplicationScoped
public class AlertMetrics {

    private static final Logger LOG = Logger.getLogger(AlertMetrics.class);

    private final Pool pool;
    private final MeterRegistry metrics;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public AlertMetrics(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
        this.metrics = metrics;
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return pool.query("SELECT status, kind, count(*) AS n FROM alert GROUP BY status, kind").execute()
                .invoke(rows -> {
                    counts.values().forEach(c -> c.set(0));
                    for (Row row : rows) {
                        gauge(row.getString("status"), row.getString("kind")).set(row.getLong("n"));
                    }
                })
                .onFailure().invoke(e -> LOG.debugf("Alert gauges not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private AtomicLong gauge(String status, String kind) {
        return counts.computeIfAbsent(status + "/" + kind, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("stockpulse.alerts", value, AtomicLong::get)
                    .description("Alerts by status and kind")
                    .tag("status", status)
                    .tag("kind", kind)
                    .register(metrics);
            return value;
        });
    }
}
