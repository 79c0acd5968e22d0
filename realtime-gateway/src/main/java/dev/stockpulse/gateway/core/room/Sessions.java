package dev.stockpulse.gateway.core.room;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

import dev.stockpulse.gateway.core.config.GatewayConfig;
import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.delivery.Outbox;
import dev.stockpulse.gateway.core.delivery.Transport;
import dev.stockpulse.gateway.core.routing.Channel;

/**
 * The life of a client connection, whatever its transport: the per-user cap when it opens, its registration, and
 * once a second the housekeeping every open connection needs: close it when its token has expired or it stopped
 * answering pings, ping it when due, and age out the recovery buffers.
 */
@ApplicationScoped
public class Sessions {

    private static final Logger LOG = Logger.getLogger(Sessions.class);
    private static final long TICK_MILLIS = 1000;

    private final ConnectionRegistry registry;
    private final RoomFanOut fanOut;
    private final GatewayConfig config;
    private final MeterRegistry meters;
    private final Vertx vertx;
    /** One for all outboxes, rather than a lambda per connection. */
    private final Consumer<Outbox> onSlow = ignored -> closed(CloseCode.SLOW_CONSUMER);
    private final RateLimiter.Settings limits;
    private long timer = -1;
    private volatile boolean draining;

    public Sessions(ConnectionRegistry registry, RoomFanOut fanOut, GatewayConfig config, MeterRegistry meters,
            Vertx vertx) {
        this.registry = registry;
        this.fanOut = fanOut;
        this.config = config;
        this.meters = meters;
        this.vertx = vertx;
        this.limits = new RateLimiter.Settings(config.limits().actionsPerSecond(), config.limits().actionsBurst());
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(TICK_MILLIS, ignored -> tick());
    }

    /**
     * The shutdown delay begins (SIGTERM, e.g. a rolling update): tell every client to reconnect elsewhere with 1001
     * while the server still runs, and refuse newcomers. Without a configured delay, {@link #onStop} does the same.
     */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        closeAllGoingAway();
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
        closeAllGoingAway();
    }

    private void closeAllGoingAway() {
        draining = true;
        for (ClientSession session : registry.all()) {
            session.close(CloseCode.GOING_AWAY);
        }
    }

    /** False once the gateway is shutting down: a dialect refuses newcomers before they start (503). */
    public boolean accepting() {
        return !draining;
    }

    /**
     * Opens a session: refused with 4009 when the user is at the cap, else registered and welcomed (see
     * {@link RoomFanOut#open}).
     *
     * @return the session, or null if it was refused
     */
    public ClientSession open(String id, ClientSession.Kind kind, ConnectedUser user, Collection<Channel> channels,
            Transport transport, List<OutFrame> errors, String since) {
        if (draining) {
            transport.close(CloseCode.GOING_AWAY);
            return null;
        }
        List<String> rooms = user.rooms();
        if (!registry.reserve(rooms.get(0), config.limits().connectionsPerUser())) {
            closed(CloseCode.TOO_MANY_CONNECTIONS);
            transport.close(CloseCode.TOO_MANY_CONNECTIONS);
            return null;
        }
        long now = System.currentTimeMillis();
        ClientSession session = new ClientSession(id, kind, user, rooms, new Subscriptions(channels), transport, limits,
                now);
        session.attach(new Outbox(transport, config.limits().outboundBufferBytes(), config.limits().backlogBytes(),
                onSlow));
        fanOut.open(session, errors, since);
        return session;
    }

    /** @return the open session with this connection id, or null (refused, or closed already) */
    public ClientSession find(String id) {
        return registry.find(id);
    }

    /** The transport is gone (closed by either side). */
    public void closed(String id) {
        ClientSession session = registry.leave(id);
        if (session != null) {
            session.outbox().close();
            registry.release(session.rooms().get(0));
        }
    }

    public void close(ClientSession session, CloseCode code) {
        closed(code);
        session.close(code);
    }

    private void closed(CloseCode code) {
        meters.counter("gateway.closes", "reason", code.name().toLowerCase(java.util.Locale.ROOT)).increment();
    }

    /**
     * A client far behind a burst answers a ping only once it has read everything queued before the ping; while it
     * keeps taking bytes it is alive, and closing it with 4010 would punish a client that reads.
     */
    private static long lastSignOfLife(ClientSession session) {
        return Math.max(session.lastHeardMillis(), session.outbox().lastTookMillis());
    }

    private void tick() {
        long now = System.currentTimeMillis();
        long interval = config.websocket().pingInterval().toMillis();
        long timeout = config.websocket().pingTimeout().toMillis();
        PingRound pings = new PingRound();
        for (ClientSession session : registry.all()) {
            try {
                if (session.outbox().isClosed()) {
                    continue;
                }
                if (now >= session.user().expiresAtMillis()) {
                    close(session, CloseCode.TOKEN_EXPIRED);
                } else if (session.kind().answersPings() && now - lastSignOfLife(session) > timeout) {
                    close(session, CloseCode.PING_TIMEOUT);
                } else if (now - session.lastPingMillis() >= interval) {
                    session.pinged(now);
                    pings.add(session.transport());
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Housekeeping failed for connection %s", session.id());
            }
        }
        pings.send();
        fanOut.sweep();
    }
}
