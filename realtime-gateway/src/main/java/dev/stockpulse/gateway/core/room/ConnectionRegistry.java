package dev.stockpulse.gateway.core.room;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;

import dev.stockpulse.gateway.core.delivery.DeliveryBatch;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.routing.Channel;
import dev.stockpulse.gateway.core.routing.Rooms;

/**
 * The open connections of this gateway instance, indexed by room. Every instance consumes every event, so each one
 * only ever delivers to its own connections. Created at startup so that its gauges are scraped from the first minute.
 */
@Startup
@ApplicationScoped
public class ConnectionRegistry {

    private final ConcurrentMap<String, ClientSession> byId = new ConcurrentHashMap<>();
    /**
     * Room name to its members: the session itself while it is the only one (most rooms are one user's, with one
     * connection, and a set would cost about 150 bytes each), else a concurrent set of them.
     */
    private final ConcurrentMap<String, Object> byRoom = new ConcurrentHashMap<>();
    /** Connections per user, keyed by the user's room name: the sessions keep that string anyway. */
    private final ConcurrentMap<String, Integer> perUser = new ConcurrentHashMap<>();
    private final Counter delivered;
    private final Counter dropped;

    public ConnectionRegistry(MeterRegistry meters) {
        meters.gaugeMapSize("gateway.connections", Tags.empty(), byId);
        this.delivered = meters.counter("gateway.deliveries");
        this.dropped = meters.counter("gateway.drops");
    }

    /**
     * Counts one more connection of the user (named by its room, {@link Rooms#user}), unless that would pass
     * {@code max}.
     *
     * @return false when the user already has {@code max} connections; nothing was counted then
     */
    public boolean reserve(String userRoom, int max) {
        boolean[] reserved = new boolean[1];
        perUser.compute(userRoom, (key, count) -> {
            int now = count == null ? 0 : count;
            reserved[0] = now < max;
            return reserved[0] ? Integer.valueOf(now + 1) : count;
        });
        return reserved[0];
    }

    /** Gives back what {@link #reserve} counted. */
    public void release(String userRoom) {
        perUser.computeIfPresent(userRoom, (key, count) -> count <= 1 ? null : Integer.valueOf(count - 1));
    }

    public void join(ClientSession session) {
        byId.put(session.id(), session);
        for (String room : session.rooms()) {
            // compute() keeps add and the empty-set cleanup in leave() atomic per room.
            byRoom.compute(room, (name, members) -> {
                if (members == null || members == session) {
                    return session;
                }
                Set<ClientSession> set;
                if (members instanceof ClientSession only) {
                    set = ConcurrentHashMap.newKeySet(4);
                    set.add(only);
                } else {
                    set = members(members);
                }
                set.add(session);
                return set;
            });
        }
    }

    /** @return the session if it was registered */
    public ClientSession leave(String connectionId) {
        ClientSession session = byId.remove(connectionId);
        if (session == null) {
            return null;
        }
        for (String room : session.rooms()) {
            byRoom.computeIfPresent(room, (name, members) -> {
                if (members instanceof ClientSession only) {
                    return only == session ? null : only;
                }
                Set<ClientSession> set = members(members);
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
        return session;
    }

    /**
     * Hands one already encoded frame to every connection that is in at least one of the rooms and listens to the
     * channel, each at most once. Never waits: a frame goes to the connection's outbox, which its own event loop
     * writes out when the caller {@link DeliveryBatch#submit submits} the batch: one task per event loop for all of
     * that loop's recipients of every event in the batch. The caller is the Kafka consumer.
     *
     * @param slot   the partition of the event, as numbered by the recovery buffers
     * @param offset the event's offset there; connections that already have it (see skipThrough) are skipped
     * @param batch  collects the outboxes that need a drain
     * @return how many connections the frame was handed to
     */
    public int deliver(List<String> rooms, Channel channel, OutFrame frame, int slot, long offset, DeliveryBatch batch) {
        int recipients = 0;
        int drops = 0;
        for (int i = 0; i < rooms.size(); i++) {
            Object members = byRoom.get(rooms.get(i));
            if (members == null) {
                continue;
            }
            for (ClientSession session : members instanceof ClientSession only ? List.of(only) : members(members)) {
                if (!session.subscriptions().wants(channel) || inEarlierRoom(session, rooms, i)
                        || alreadyHas(session, slot, offset)) {
                    continue;
                }
                if (session.send(frame, batch)) {
                    recipients++;
                } else {
                    drops++;
                }
            }
        }
        if (recipients > 0) {
            delivered.increment(recipients);
        }
        if (drops > 0) {
            dropped.increment(drops);
        }
        return recipients;
    }

    @SuppressWarnings("unchecked")
    private static Set<ClientSession> members(Object members) {
        return (Set<ClientSession>) members;
    }

    /** An admin buyer is in both rooms of their order; the first room already reached them. */
    private static boolean inEarlierRoom(ClientSession session, List<String> rooms, int index) {
        for (int i = 0; i < index; i++) {
            if (session.rooms().contains(rooms.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean alreadyHas(ClientSession session, int slot, long offset) {
        long[] skip = session.skipThrough();
        return skip != null && slot < skip.length && offset <= skip[slot];
    }

    /** @return the open connection with this id, or null */
    public ClientSession find(String connectionId) {
        return byId.get(connectionId);
    }

    public Collection<ClientSession> all() {
        return byId.values();
    }

    public double deliveredTotal() {
        return delivered.count();
    }

    public double droppedTotal() {
        return dropped.count();
    }
}
