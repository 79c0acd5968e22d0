package dev.stockpulse.sales.forecast.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * When forecasts are retrained: every series every {@code sales.forecast.retrain-interval}, so that a product that
 * stopped selling sees its quiet days too; and, every {@code sales.forecast.check-interval}, the series with
 * {@code sales.forecast.retrain-after-new-days} closed days of new demand since their last fit — after midnight for
 * what sold the day before, and whenever late events fill in past days.
 */
@ApplicationScoped
public class ForecastRetraining {

    private static final Logger LOG = Logger.getLogger(ForecastRetraining.class);

    private final ForecastService forecasts;

    public ForecastRetraining(ForecastService forecasts) {
        this.forecasts = forecasts;
    }

    @Scheduled(every = "${sales.forecast.retrain-interval:168h}", delayed = "${sales.forecast.check-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> everySeries() {
        return forecasts.retrainAll()
                .invoke(done -> LOG.infof("Scheduled forecast retraining: %d tenant(s)", done.size()))
                .onFailure().invoke(e -> LOG.warnf("Scheduled forecast retraining failed, next run retries: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @Scheduled(every = "${sales.forecast.check-interval:10m}", delayed = "${sales.forecast.check-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> seriesWithNewHistory() {
        return forecasts.retrainNewHistory()
                .invoke(done -> {
                    if (!done.isEmpty()) {
                        LOG.infof("Forecasts with new history retrained: %d tenant(s)", done.size());
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Forecast retraining of new history failed, next check retries: %s",
                        e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
