package dev.stockpulse.commons.outbox;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A service's transactional outbox: the writer, the relay to Kafka on channel {@value #CHANNEL}, and their schedules.
 * One bean for every service: each row names its own topic, so the channel's {@code topic} is only a default. The
 * producer's settings are service-commons' {@code META-INF/microprofile-config.properties}; a service with a database
 * turns the outbox on with {@code mp.messaging.outgoing.outbox.enabled=true} (read at build time too, so that the
 * gateway, which has neither database nor outbox, gets no bean and no channel).
 */
@ApplicationScoped
@IfBuildProperty(name = Outbox.ENABLED, stringValue = "true")
public class Outbox {

    public static final String CHANNEL = "outbox";
    /** The channel's switch, also the build-time condition of this bean and of the parked-events endpoints. */
    public static final String ENABLED = "mp.messaging.outgoing." + CHANNEL + ".enabled";

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    /**
     * Longest wait at shutdown for the relay round in progress: with the services' 15 s for requests to finish, still
     * within Kubernetes' default 30 s grace period.
     */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final OutboxRelay relay;
    private final OutboxMaintenance maintenance;
    private final ParkedEvents parked;
    private final OutboxConfig config;

    public Outbox(Pool pool, RelayPoolCreator pools,
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<String> emitter,
            OutboxConfig config, MeterRegistry metrics) {
        this.config = config;
        this.relay = new OutboxRelay(pools.relayPool(), emitter, config, metrics);
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
    @Scheduled(every = "${stockpulse.outbox.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        relay.signal();
    }

    /** Before the beans go (the relay's pool closes with its creator), the round in progress may finish. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException, ExecutionException {
        try {
            relay.stop().toCompletableFuture().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("Outbox relay round still running at shutdown after %s: its rows are not marked sent, and another"
                    + " instance or the next start relays them (again, with the same event_id, if Kafka has them)",
                    STOP_WAIT);
        }
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshGauges() {
        return maintenance.refreshGauges();
    }

    @Scheduled(every = "${stockpulse.outbox.cleanup-interval:15m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> cleanup() {
        return maintenance.cleanup(config.retention()).replaceWithVoid();
    }
}
