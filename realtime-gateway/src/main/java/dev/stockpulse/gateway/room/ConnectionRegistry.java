package dev.stockpulse.gateway.room;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;

/**
 * The open connections of this gateway instance, indexed by room. Every instance consumes every event, so each one
 * only ever delivers to its own connections. Created at startup so that its gauge is scraped from the first minute.
 */
@Startup
@ApplicationScoped
public class ConnectionRegistry {

    private static final Logger LOG = Logger.getLogger(ConnectionRegistry.class);

    private final ConcurrentMap<String, ClientSession> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<ClientSession>> byRoom = new ConcurrentHashMap<>();
    private final Counter framesSent;
    private final Counter framesFailed;

    public ConnectionRegistry(MeterRegistry meters) {
        meters.gaugeMapSize("gateway.connections", Tags.empty(), byId);
        this.framesSent = meters.counter("gateway.frames.sent");
        this.framesFailed = meters.counter("gateway.frames.failed");
    }

    public void join(ClientSession session) {
        byId.put(session.id(), session);
        for (String room : session.rooms()) {
            // compute() keeps add and the empty-set cleanup in leave() atomic per room.
            byRoom.compute(room, (name, members) -> {
                Set<ClientSession> set = members != null ? members : ConcurrentHashMap.newKeySet();
                set.add(session);
                return set;
            });
        }
    }

    public void leave(String connectionId) {
        ClientSession session = byId.remove(connectionId);
        if (session == null) {
            return;
        }
        for (String room : session.rooms()) {
            byRoom.computeIfPresent(room, (name, members) -> {
                members.remove(session);
                return members.isEmpty() ? null : members;
            });
        }
    }

    /** Whether any connection of the tenant listens to the channel; every connection is in its tenant's room. */
    public boolean hasAudience(String tenantId, Channel channel) {
        Set<ClientSession> members = byRoom.get(Rooms.tenant(tenantId));
        if (members == null) {
            return false;
        }
        for (ClientSession session : members) {
            if (session.subscriptions().wants(channel)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends one already encoded frame to every connection that is in at least one of the rooms and listens to the
     * channel, each at most once. Sends are fire-and-forget: the caller is the Kafka consumer, which must never wait
     * for a client's socket.
     *
     * @return how many connections the frame was handed to
     */
    public int deliver(Collection<String> rooms, Channel channel, String frame) {
        Set<ClientSession> recipients = new LinkedHashSet<>();
        for (String room : rooms) {
            Set<ClientSession> members = byRoom.get(room);
            if (members != null) {
                for (ClientSession session : members) {
                    if (session.subscriptions().wants(channel)) {
                        recipients.add(session);
                    }
                }
            }
        }
        for (ClientSession session : recipients) {
            send(session, frame);
        }
        return recipients.size();
    }

    private void send(ClientSession session, String frame) {
        if (session.connection().isClosed()) {
            return;
        }
        session.connection().sendText(frame).subscribe().with(
                sent -> framesSent.increment(),
                failure -> {
                    framesFailed.increment();
                    LOG.debugf("Could not send to connection %s: %s", session.id(), failure.getMessage());
                });
    }
}
