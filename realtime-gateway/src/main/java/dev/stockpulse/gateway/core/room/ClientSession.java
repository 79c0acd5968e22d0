package dev.stockpulse.gateway.core.room;

import java.util.List;

import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.core.delivery.DeliveryBatch;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.delivery.Outbox;
import dev.stockpulse.gateway.core.delivery.Transport;

/**
 * One open client connection, whatever its dialect: who it is, the rooms its token put it in, the channels it listens
 * to, and the outbox its frames wait in.
 */
public final class ClientSession {

    /** The dialect's kind of connection, as the core needs to know it: whether the client answers pings. */
    public enum Kind {
        WEBSOCKET(true),
        SSE(false),
        SOCKET_IO(true);

        private final boolean answersPings;

        Kind(boolean answersPings) {
            this.answersPings = answersPings;
        }

        /** Its client answers every ping, so one that stops answering is closed (4010). */
        public boolean answersPings() {
            return answersPings;
        }
    }

    private final String id;
    private final Kind kind;
    private final List<String> rooms;
    private final Subscriptions subscriptions;
    private final Transport transport;
    private volatile Outbox outbox;
    private volatile ConnectedUser user;
    private final RateLimiter.Settings limits;
    /** Made at the first action (full, as it would have been at the start); most connections never act. */
    private RateLimiter limiter;
    private volatile long lastHeardMillis;
    private volatile long lastPingMillis;
    /** Per slot, offsets this connection already has (it came back with a position ahead of this gateway). */
    private volatile long[] skipThrough;

    /** @param rooms the user's, {@link ConnectedUser#rooms} */
    public ClientSession(String id, Kind kind, ConnectedUser user, List<String> rooms, Subscriptions subscriptions,
            Transport transport, RateLimiter.Settings limits, long nowMillis) {
        this.id = id;
        this.kind = kind;
        this.user = user;
        this.rooms = rooms;
        this.subscriptions = subscriptions;
        this.transport = transport;
        this.limits = limits;
        this.lastHeardMillis = nowMillis;
        this.lastPingMillis = nowMillis;
    }

    /** Set once, right after construction: the outbox reports overflow back through the registry. */
    public void attach(Outbox outbox) {
        this.outbox = outbox;
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public ConnectedUser user() {
        return user;
    }

    /** After an in-band token refresh; the identity (and so the rooms) stays the same. */
    public void refresh(ConnectedUser refreshed) {
        if (!user.sameIdentity(refreshed)) {
            throw new IllegalArgumentException("a refresh may not change the user");
        }
        this.user = refreshed;
    }

    public List<String> rooms() {
        return rooms;
    }

    public Subscriptions subscriptions() {
        return subscriptions;
    }

    public Transport transport() {
        return transport;
    }

    public boolean send(OutFrame frame) {
        return outbox.offer(frame);
    }

    /** As {@link #send(OutFrame)}, with the write left to the batch's task on this connection's event loop. */
    public boolean send(OutFrame frame, DeliveryBatch batch) {
        return outbox.offer(frame, batch);
    }

    public Outbox outbox() {
        return outbox;
    }

    public void close(CloseCode code) {
        outbox.closeAfterPending(code);
    }

    /** On the connection's own thread, one action at a time. */
    public boolean tryAct(long nowNanos) {
        if (limiter == null) {
            limiter = new RateLimiter(limits.perSecond(), limits.burst(), nowNanos);
        }
        return limiter.tryAcquire(nowNanos);
    }

    public void heard(long nowMillis) {
        lastHeardMillis = nowMillis;
    }

    public long lastHeardMillis() {
        return lastHeardMillis;
    }

    public long lastPingMillis() {
        return lastPingMillis;
    }

    public void pinged(long nowMillis) {
        lastPingMillis = nowMillis;
    }

    public long[] skipThrough() {
        return skipThrough;
    }

    public void skipThrough(long[] offsets) {
        this.skipThrough = offsets;
    }
}
