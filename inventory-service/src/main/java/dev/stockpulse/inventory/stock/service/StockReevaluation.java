package dev.stockpulse.inventory.stock.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.inventory.stock.StockLevelRepository;

/**
 * The scheduled re-evaluation of low stock levels, every {@code inventory.reevaluation-interval}: days of stock
 * remaining shrink as sales continue, so a level's priority can rise with no new adjustment.
 */
@ApplicationScoped
public class StockReevaluation {

    private static final Logger LOG = Logger.getLogger(StockReevaluation.class);

    private final StockLevelRepository levels;
    private final StockService stock;

    public StockReevaluation(StockLevelRepository levels, StockService stock) {
        this.levels = levels;
        this.stock = stock;
    }

    @Scheduled(every = "${inventory.reevaluation-interval:5m}", delayed = "${inventory.reevaluation-interval:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return run().invoke(n -> {
            if (n > 0) {
                LOG.infof("Re-evaluation escalated %d low stock level(s)", n);
            }
        }).replaceWithVoid();
    }

    /** Re-evaluates every low level, one transaction each; answers how many were escalated. */
    public Uni<Integer> run() {
        return Panache.withSession(levels::lowLevelIds).onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(stock::reevaluate)
                .collect().asList()
                .map(results -> (int) results.stream().filter(Boolean::booleanValue).count());
    }
}
