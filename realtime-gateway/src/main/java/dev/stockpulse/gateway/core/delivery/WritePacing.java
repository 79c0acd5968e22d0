package dev.stockpulse.gateway.core.delivery;

/**
 * Decides, per connection, whether an event is worth holding back so that it shares a write with the next one. The
 * write (and its syscall) is what the server's CPU goes to, not the event, but holding an event only saves a write if
 * another one comes for the same connection while it waits; otherwise it is latency for nothing. So a connection is
 * paced only while it is busy: while its events come, on average, at least two per window. A quiet connection's event
 * is handed to its event loop at once, whatever the window. A busy connection's event waits for the next one (then
 * both go out together, at once) or, at most, for twice the usual gap between its events and never longer than the
 * window.
 *
 * <p>The usual gap is a moving average of the gaps between a connection's events, each gap counted as at most two
 * windows, so that one quiet spell makes a connection quiet again. A new connection starts quiet. Times are
 * {@code System.nanoTime()} values; a window of 0 never holds anything.
 */
final class WritePacing {

    /** How much of the average one new gap moves: 1/4, so that a few events after a change of rate settle it. */
    private static final int SMOOTHING_SHIFT = 2;

    private final long windowNanos;
    private final long quietGapNanos;

    WritePacing(long windowNanos) {
        this.windowNanos = Math.max(0, windowNanos);
        this.quietGapNanos = 2 * this.windowNanos;
    }

    /** The usual gap of a connection that has had no event yet. */
    long initialGap() {
        return quietGapNanos;
    }

    /** The usual gap after an event that came {@code sinceLastNanos} after the connection's previous one. */
    long nextGap(long gapNanos, long sinceLastNanos) {
        long sample = Math.min(Math.max(0, sinceLastNanos), quietGapNanos);
        return gapNanos + ((sample - gapNanos) >> SMOOTHING_SHIFT);
    }

    /** True while the connection's events come at least two per window: holding one then likely saves a write. */
    boolean busy(long gapNanos) {
        return windowNanos > 0 && 2 * gapNanos <= windowNanos;
    }

    /**
     * When an event that finds nothing of its connection waiting is due to be handed to the event loop: {@code now}
     * for a quiet connection, else when its next event is overdue (twice its usual gap), at most a window from now.
     */
    long dueAt(long gapNanos, long now) {
        return busy(gapNanos) ? now + Math.min(windowNanos, 2 * gapNanos) : now;
    }
}
