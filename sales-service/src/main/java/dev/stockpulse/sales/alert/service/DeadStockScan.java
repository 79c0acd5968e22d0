package dev.stockpulse.sales.alert.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.sales.outbox.Cause;
import dev.stockpulse.sales.product.ProductView;
import dev.stockpulse.sales.product.ProductViewRepository;

/**
 * Finds dead stock: products with stock on hand and neither a sale nor a restock for {@code sales.alerts.dead-stock-days}
 * (from the product view that inventory-events keep up to date), and raises or updates their {@code dead_stock} alert.
 * Each product is its own transaction, so one failure costs only that product until the next scan.
 */
@ApplicationScoped
public class DeadStockScan {

    private static final Logger LOG = Logger.getLogger(DeadStockScan.class);
    private static final int PAGE_SIZE = 200;

    private final ProductViewRepository products;
    private final AlertService alerts;
    private final OutboxRelay relay;

    public DeadStockScan(ProductViewRepository products, AlertService alerts, OutboxRelay relay) {
        this.products = products;
        this.alerts = alerts;
        this.relay = relay;
    }

    @Scheduled(every = "${sales.alerts.dead-stock-scan-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return scan().onFailure().invoke(e -> LOG.warnf("Dead-stock scan failed, next run retries: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One pass over every tenant's products; answers how many alerts it raised or updated. */
    public Uni<Integer> scan() {
        Instant now = Instant.now();
        Instant cutoff = now.minus(Duration.ofDays(alerts.settings().deadStockDays()));
        return scanFrom(0, cutoff, now, 0).invoke(n -> {
            if (n > 0) {
                relay.signal();
                LOG.infof("Dead-stock scan raised or updated %d alert(s)", n);
            }
        });
    }

    private Uni<Integer> scanFrom(int page, Instant cutoff, Instant now, int doneSoFar) {
        return Panache.withSession(() -> products.unsoldSince(cutoff, page, PAGE_SIZE))
                .flatMap(candidates -> Multi.createFrom().iterable(candidates)
                        .onItem().transformToUniAndConcatenate(candidate -> raise(candidate, now))
                        .collect().asList()
                        .flatMap(done -> {
                            int total = doneSoFar + (int) done.stream().filter(Boolean::booleanValue).count();
                            return candidates.size() < PAGE_SIZE ? Uni.createFrom().item(total)
                                    : scanFrom(page + 1, cutoff, now, total);
                        }));
    }

    /**
     * Re-reads the product in the transaction, since a sale may have arrived since the page was read, and locks it until
     * the alert is committed, so a sale arriving meanwhile waits and then finds the alert to resolve.
     */
    private Uni<Boolean> raise(ProductView candidate, Instant now) {
        String tenant = candidate.tenantId;
        String productId = candidate.productId;
        return Panache.withTransaction(() -> products.findForUpdate(tenant, productId)
                .flatMap(current -> {
                    List<AlertRules.Finding> finding = current == null ? List.of()
                            : AlertRules.deadStock(current, now, alerts.settings()).stream().toList();
                    if (finding.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    return alerts.raiseOrUpdate(Cause.scheduled(tenant, "dead-stock-scan"), tenant, productId,
                            finding.get(0), null).replaceWith(true);
                }))
                .onFailure().invoke(e -> LOG.debugf("Dead-stock alert of %s/%s not raised this time: %s", tenant,
                        productId, e.getMessage()))
                .onFailure().recoverWithItem(false);
    }
}
