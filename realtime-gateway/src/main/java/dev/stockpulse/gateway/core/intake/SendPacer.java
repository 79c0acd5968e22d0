package dev.stockpulse.gateway.core.intake;

/**
 * Paces the sends of events to one per window on average, with a little slack: a token bucket that holds at most
 * 1.5 sends and refills one per window. An event after a quiet spell goes out at once. So does one that comes a
 * little early in a steady rhythm (up to half a window). Otherwise the event waits for the next token, never longer
 * than a window. Pacing from the last send's time instead would let every wait carry over into the next one when
 * events come about once per window: each would wait nearly a window.
 *
 * <p>Used by the consumer thread only; times are {@code System.nanoTime()} values.
 */
final class SendPacer {

    private final long windowNanos;
    private final long capacityNanos;
    /** The credit for sends, in nanoseconds of window: a send costs one window. */
    private long credit;
    private long refilledAt;

    SendPacer(long windowNanos, long now) {
        this.windowNanos = windowNanos;
        this.capacityNanos = windowNanos + windowNanos / 2;
        this.credit = capacityNanos;
        this.refilledAt = now;
    }

    /** @return nanoseconds until the next send is allowed; 0 when it is allowed now */
    long waitNanos(long now) {
        if (windowNanos <= 0) {
            return 0;
        }
        refill(now);
        return Math.max(0, windowNanos - credit);
    }

    /** Counts a send made at {@code now}. */
    void sent(long now) {
        if (windowNanos > 0) {
            refill(now);
            credit -= windowNanos;
        }
    }

    private void refill(long now) {
        credit = Math.min(capacityNanos, credit + (now - refilledAt));
        refilledAt = now;
    }
}
