package dev.stockpulse.gateway.core.room;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.stockpulse.gateway.core.routing.Channel;

/**
 * The channels one connection listens to. The Kafka consumer reads them for every event while the connection's own
 * thread changes them, so reads are lock-free on a snapshot, one bit per channel in an int, and the rare writes
 * replace it.
 *
 * <p>Each concrete channel also remembers the position from which this connection has received it live, so that a
 * later {@code subscribe} with {@code since} replays only what the connection did not already get.
 */
public final class Subscriptions {

    private static final Set<Channel> CONCRETE = EnumSet.complementOf(EnumSet.of(Channel.ALL));
    private static final Channel[] CHANNELS = Channel.values();
    private static final int ALL = bit(Channel.ALL);
    private static final int EVERY_CONCRETE = ~ALL & ((1 << CHANNELS.length) - 1);

    private volatile int channels;
    /** By channel ordinal; an array rather than an EnumMap, one per connection. */
    private final long[][] liveFrom = new long[CHANNELS.length][];

    public Subscriptions(Collection<Channel> initial) {
        int mask = 0;
        for (Channel channel : initial) {
            mask |= bit(channel);
        }
        this.channels = mask;
    }

    /** Whether an event of {@code channel} reaches this connection. */
    public boolean wants(Channel channel) {
        return (channels & (ALL | bit(channel))) != 0;
    }

    public synchronized void subscribe(Channel channel) {
        channels |= bit(channel);
    }

    /**
     * Subscribes, and records {@code position} as where live delivery starts for the concrete channels this adds.
     *
     * @return for each concrete channel of {@code channel}, the position from which it is live on this connection
     */
    public synchronized Map<Channel, long[]> subscribe(Channel channel, long[] position) {
        Map<Channel, long[]> from = new EnumMap<>(Channel.class);
        for (Channel concrete : expand(channel)) {
            if (!wants(concrete) || liveFrom[concrete.ordinal()] == null) {
                liveFrom[concrete.ordinal()] = position;
            }
            from.put(concrete, liveFrom[concrete.ordinal()]);
        }
        subscribe(channel);
        return from;
    }

    /**
     * Leaving one channel while subscribed to {@code all} means "everything but this one": the wildcard is replaced
     * by every other concrete channel, which is what a client that unsubscribes expects to get.
     */
    public synchronized void unsubscribe(Channel channel) {
        int next = channels;
        if (channel != Channel.ALL && (next & ALL) != 0) {
            next = (next & ~ALL) | EVERY_CONCRETE;
        }
        channels = next & ~bit(channel);
        for (Channel concrete : expand(channel)) {
            if (!wants(concrete)) {
                liveFrom[concrete.ordinal()] = null;
            }
        }
    }

    /** In declaration order, so the welcome frame lists them the same way every time. */
    public List<Channel> current() {
        int mask = channels;
        List<Channel> current = new ArrayList<>(CHANNELS.length);
        for (Channel channel : CHANNELS) {
            if ((mask & bit(channel)) != 0) {
                current.add(channel);
            }
        }
        return List.copyOf(current);
    }

    public static Set<Channel> expand(Channel channel) {
        return channel == Channel.ALL ? CONCRETE : EnumSet.of(channel);
    }

    private static int bit(Channel channel) {
        return 1 << channel.ordinal();
    }
}
