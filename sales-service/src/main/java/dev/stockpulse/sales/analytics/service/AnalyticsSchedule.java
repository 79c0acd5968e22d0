package dev.stockpulse.sales.analytics.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Checks every {@code sales.analytics.check-interval} for tenants whose summary of the day just ended (due from
 * {@code sales.analytics.daily-at}, UTC) or report of the month just ended is missing, so a check missed while the
 * service was down is made up by the next.
 */
@ApplicationScoped
public class AnalyticsSchedule {

    private static final Logger LOG = Logger.getLogger(AnalyticsSchedule.class);

    private final AnalyticsService analytics;

    public AnalyticsSchedule(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @Scheduled(every = "${sales.analytics.check-interval:5m}", delayed = "${sales.analytics.check-interval:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> check() {
        return analytics.catchUp(OffsetDateTime.now(ZoneOffset.UTC))
                .invoke(done -> {
                    if (done > 0) {
                        LOG.infof("Daily summaries made: %d tenant(s)", done);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Analytics check failed, next check retries: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
