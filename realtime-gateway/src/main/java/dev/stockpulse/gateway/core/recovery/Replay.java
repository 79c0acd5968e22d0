package dev.stockpulse.gateway.core.recovery;

import java.util.List;

/**
 * What a client that comes back with a position gets: the events it missed, in the order this gateway processed them,
 * or {@code recovered == false} when some of them have already left the buffers.
 */
public record Replay(boolean recovered, List<BufferedEvent> events) {

    public static final Replay GAP = new Replay(false, List.of());

    public Replay {
        events = List.copyOf(events);
    }
}
