package dev.stockpulse.sales.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;

import dev.stockpulse.commons.outbox.OutboxMaintenance;
import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.commons.outbox.OutboxWriter;
import dev.stockpulse.commons.outbox.ParkedEvents;
import dev.stockpulse.sales.config.SalesConfig;

/** sales-service's transactional outbox: the writer, the relay to {@code sales-events}, and their schedules. */
@ApplicationScoped
public class SalesOutbox {

    private final OutboxRelay relay;
    private final OutboxMaintenance maintenance;
    private final ParkedEvents parked;
    private final SalesConfig config;

    public SalesOutbox(Pool pool,
            @Channel("sales-events-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<String> emitter,
            SalesConfig config, MeterRegistry metrics) {
        this.config = config;
        this.relay = new OutboxRelay(pool, emitter, config.outbox(), metrics);
        this.parked = new ParkedEvents(pool, relay);
        this.maintenance = new OutboxMaintenance(pool, metrics);
    }

    @Produces
    @Singleton
    OutboxWriter writer() {
        return new OutboxWriter();
    }

    @Produces
    @Singleton
    OutboxRelay relay() {
        return relay;
    }

    @Produces
    @Singleton
    OutboxMaintenance maintenance() {
        return maintenance;
    }

    @Produces
    @Singleton
    ParkedEvents parked() {
        return parked;
    }

    // The scheduler starts before the Kafka channels are wired; a run that created this bean then could not connect
    // its emitter. So no schedule runs until the application has started.

    /** The safety net: a committed change wakes the relay at once; this catches what a failure or restart left. */
    @Scheduled(every = "${sales.outbox.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        relay.signal();
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshGauges() {
        return maintenance.refreshGauges();
    }

    @Scheduled(every = "${sales.outbox.cleanup-interval:15m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> cleanup() {
        return maintenance.cleanup(config.outbox().retention()).replaceWithVoid();
    }
}
