package dev.stockpulse.gateway.room;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The channels one connection listens to. The Kafka consumer reads them for every event while the connection's own
 * thread changes them, so reads are lock-free on an immutable snapshot and the rare writes replace it.
 */
public final class Subscriptions {

    private volatile Set<Channel> channels;

    public Subscriptions(Collection<Channel> initial) {
        this.channels = initial.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(initial));
    }

    /** Whether an event of {@code channel} reaches this connection. */
    public boolean wants(Channel channel) {
        Set<Channel> current = channels;
        return current.contains(Channel.ALL) || current.contains(channel);
    }

    public synchronized void subscribe(Channel channel) {
        EnumSet<Channel> next = copy();
        next.add(channel);
        channels = Set.copyOf(next);
    }

    /**
     * Leaving one channel while subscribed to {@code all} means "everything but this one": the wildcard is replaced
     * by every other concrete channel, which is what a client that unsubscribes expects to get.
     */
    public synchronized void unsubscribe(Channel channel) {
        EnumSet<Channel> next = copy();
        if (channel != Channel.ALL && next.remove(Channel.ALL)) {
            next.addAll(EnumSet.complementOf(EnumSet.of(Channel.ALL)));
        }
        next.remove(channel);
        channels = Set.copyOf(next);
    }

    /** In declaration order, so the welcome frame lists them the same way every time. */
    public List<Channel> current() {
        return List.copyOf(copy());
    }

    private EnumSet<Channel> copy() {
        Set<Channel> current = channels;
        return current.isEmpty() ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(current);
    }
}
