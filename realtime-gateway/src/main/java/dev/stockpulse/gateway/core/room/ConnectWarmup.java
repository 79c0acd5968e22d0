package dev.stockpulse.gateway.core.room;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.gateway.core.config.GatewayConfig;
import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.core.delivery.DeliveryBatch;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.delivery.Transport;
import dev.stockpulse.gateway.core.routing.Channel;
import dev.stockpulse.gateway.core.routing.Route;
import dev.stockpulse.gateway.core.routing.Rooms;

/**
 * Runs the core's part of a connect with {@code since} many times before the gateway turns ready, so that the JIT has
 * compiled it before the clients of a restarted instance all come back at once: a fresh JVM otherwise compiles it while
 * it serves them ({@code GatewayBench --mode=storm}: 2 s of compiler CPU in the reconnect storm after a restart).
 *
 * <p>Everything runs in-process on a private copy of the core (its own {@link ConnectionRegistry}, {@link RoomFanOut}
 * and {@link Sessions}, with the gateway's own {@link FrameEncoder}) and synthetic connections whose transport drops
 * what it is given: each one opens with a position, is welcomed, has the missed events replayed, gets live events
 * through a {@link DeliveryBatch}, and closes. Nothing is reachable from outside, no credential exists, and the
 * gateway's own registry, buffers and metrics never see any of it. Readiness stays DOWN until it is done.
 */
@Readiness
@ApplicationScoped
public class ConnectWarmup implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ConnectWarmup.class);
    private static final String TENANT = "gateway-warmup";
    /** About what each client of a storm gets back: the events of a short outage. */
    private static final int REPLAYED_EVENTS = 100;
    /** Live events after the connections opened, each to every one of them. */
    private static final int LIVE_EVENTS = 20;

    private final FrameEncoder frames;
    private final GatewayConfig config;
    private final Vertx vertx;
    private volatile boolean done;

    public ConnectWarmup(FrameEncoder frames, GatewayConfig config, Vertx vertx) {
        this.frames = frames;
        this.config = config;
        this.vertx = vertx;
    }

    /** What the warm-up did. */
    public record Outcome(int connections, long framesWritten, long millis) {
    }

    void onStart(@Observes StartupEvent event) {
        int connections = config.warmup().connections();
        if (connections == 0) {
            done = true;
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                Outcome outcome = run(connections);
                LOG.infof("Connect path warmed up in %d ms (%d synthetic connections with since, %d frames)",
                        outcome.millis(), outcome.connections(), outcome.framesWritten());
            } catch (RuntimeException e) {
                // Only speed is at stake: a gateway that could not warm up still serves, just slower at first.
                LOG.warn("The connect path warm-up failed; the first connections will be slower", e);
            } finally {
                done = true;
            }
        }, "gateway-connect-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway-connect-warmup").status(done).build();
    }

    /** Opens, replays to, delivers to and closes {@code connections} synthetic connections on a private core. */
    public Outcome run(int connections) {
        long start = System.nanoTime();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ConnectionRegistry registry = new ConnectionRegistry(meters);
        RoomFanOut fanOut = new RoomFanOut(registry, frames, meters, config);
        Sessions sessions = new Sessions(registry, fanOut, config, meters, vertx);
        Discarding transport = new Discarding();
        int slot = fanOut.assigned(new TopicPartition(config.kafka().topics().get(0), 0), 0);
        Route route = new Route(Channel.STOCK, List.of(Rooms.tenant(TENANT)));
        Map<String, Object> payload = new HashMap<>();
        payload.put("product_sku", "warmup");
        payload.put("current_stock", 1);

        String since = fanOut.position();
        DeliveryBatch batch = new DeliveryBatch(config.delivery().coalesceWindow().toNanos(),
                config.delivery().coalesceMinRate());
        long offset = 0;
        // Within what a room keeps, so that the replay is the recovered one clients get.
        int replayed = Math.min(REPLAYED_EVENTS, config.recovery().roomCapacity());
        for (; offset < replayed; offset++) {
            fanOut.publish(slot, offset, System.currentTimeMillis(), route, event(payload), batch);
        }
        fanOut.goLive();
        Set<Channel> channels = EnumSet.of(Channel.STOCK);
        long expiresAt = System.currentTimeMillis() + TimeUnit.HOURS.toMillis(1);
        for (int i = 0; i < connections; i++) {
            ConnectedUser user = new ConnectedUser("warmup-" + i, TENANT, false, expiresAt);
            sessions.open("warmup-" + i, ClientSession.Kind.WEBSOCKET, user, channels, transport, List.of(), since);
        }
        for (int i = 0; i < LIVE_EVENTS; i++, offset++) {
            fanOut.publish(slot, offset, System.currentTimeMillis(), route, event(payload), batch);
            batch.submit(System.nanoTime());
        }
        // Whatever pacing still holds back goes out now: the warm-up waits for nothing.
        batch.submit(Long.MAX_VALUE);
        for (int i = 0; i < connections; i++) {
            sessions.closed("warmup-" + i);
        }
        meters.close();
        return new Outcome(connections, transport.frames,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static EventEnvelope<Map<String, Object>> event(Map<String, Object> payload) {
        return new EventEnvelope<>(
                EventMetadata.create(EventType.LOW_STOCK, "gateway-warmup", TENANT, null, Priority.LOW), payload);
    }

    /** Runs every task at once on the calling thread, and counts what it is asked to write. */
    private static final class Discarding implements Transport {

        long frames;

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public Object loopKey() {
            return this;
        }

        @Override
        public void write(OutFrame frame) {
            frames++;
        }

        @Override
        public void flush() {
        }

        @Override
        public boolean writable() {
            return true;
        }

        @Override
        public void whenWritable(Runnable task) {
            task.run();
        }

        @Override
        public void ping() {
        }

        @Override
        public void close(CloseCode code) {
        }
    }
}
