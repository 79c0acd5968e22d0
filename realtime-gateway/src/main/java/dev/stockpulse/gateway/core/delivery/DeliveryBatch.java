package dev.stockpulse.gateway.core.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The outboxes that events were just offered to, until they are handed to the event loops that write them, grouped by
 * event loop, so that delivering costs one task per event loop rather than one task (and often one wake-up) per
 * connection. Each task drains its outboxes one after the other, each with its own single flush: all the events a
 * connection got since its outbox joined the batch go out in one write.
 *
 * <p>An outbox is due at once unless its connection is busy ({@link WritePacing}) while this instance delivers at least
 * {@code minRate} events per second in all: then it waits for the connection's next event, which makes it due at once,
 * or for its deadline, at most the window. Below that rate the writes that holding could save are too few to be worth
 * any latency (a dashboard taking a few hundred events a second from an otherwise quiet instance), so nothing is held.
 * Waiting costs nothing elsewhere: an outbox whose drain is already handed off (its event loop still busy with earlier
 * work) or whose socket is full simply takes the next events into the same write when it gets to them.
 *
 * <p>Used by one thread at a time: the Kafka consumer offers the events of a poll, then {@link #submit}s what is due,
 * and keeps the rest for a later submit.
 */
public final class DeliveryBatch {

    /** The instance's delivery rate is counted per tenth of a second. */
    private static final long RATE_BUCKET_NANOS = 100_000_000L;

    private final WritePacing pacing;
    /** Deliveries per bucket from which busy connections are paced; 0: always. */
    private final long minPerBucket;
    private final LongSupplier clock;
    private long bucketStart;
    private long inBucket;
    private long previousBucket;
    /** Outboxes waiting for their hand-off, in the order they joined; each at most once (its drain is scheduled). */
    private final List<Outbox> pending = new ArrayList<>();
    private final Map<Object, List<Outbox>> byLoop = new HashMap<>(8);
    /** The earliest {@link Outbox#dueNanos} among the pending outboxes; Long.MAX_VALUE when none waits. */
    private long earliestDue = Long.MAX_VALUE;

    /**
     * @param windowNanos the longest a busy connection's event may be held; 0 hands every event off at once
     * @param minRate     events per second, to all connections together, from which busy connections are paced; 0: at
     *                    any rate
     */
    public DeliveryBatch(long windowNanos, long minRate) {
        this(windowNanos, minRate, System::nanoTime);
    }

    /** @param clock {@code System.nanoTime()}, or a test's clock */
    DeliveryBatch(long windowNanos, long minRate, LongSupplier clock) {
        this.pacing = new WritePacing(windowNanos);
        this.minPerBucket = minRate <= 0 ? 0 : Math.max(1, (minRate * RATE_BUCKET_NANOS + 999_999_999L) / 1_000_000_000L);
        this.clock = clock;
        this.bucketStart = clock.getAsLong();
    }

    /**
     * Called by an outbox for each event offered with this batch, on the offering thread. {@code needsDrain}: the
     * outbox has no drain scheduled, so it joins the batch; otherwise the event rides with the drain already waiting,
     * here or on the event loop.
     */
    void offered(Outbox outbox, boolean needsDrain) {
        long now = clock.getAsLong();
        boolean loaded = countDelivery(now);
        long gap = outbox.lastOfferedNanos == 0 ? pacing.initialGap()
                : pacing.nextGap(outbox.gapNanos, now - outbox.lastOfferedNanos);
        outbox.gapNanos = gap;
        outbox.lastOfferedNanos = now;
        if (needsDrain) {
            outbox.dueNanos = loaded ? pacing.dueAt(gap, now) : now;
            pending.add(outbox);
            earliestDue = Math.min(earliestDue, outbox.dueNanos);
        } else if (outbox.dueNanos > now) {
            // The event a held one waited for: the two go out together, now.
            outbox.dueNanos = now;
            earliestDue = now;
        }
    }

    /**
     * Counts one delivery; true while this instance delivers at least the minimum rate: in the last full bucket, or
     * already in the current one (so that a burst after a quiet spell is paced from its first tenth of a second).
     */
    private boolean countDelivery(long now) {
        if (minPerBucket == 0) {
            return true;
        }
        long elapsed = now - bucketStart;
        if (elapsed >= RATE_BUCKET_NANOS) {
            previousBucket = elapsed < 2 * RATE_BUCKET_NANOS ? inBucket : 0;
            inBucket = 0;
            bucketStart = now;
        }
        inBucket++;
        return inBucket >= minPerBucket || previousBucket >= minPerBucket;
    }

    /** True when no outbox waits for its hand-off. */
    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Nanoseconds from {@code now} until an outbox is due; 0 if one is; Long.MAX_VALUE when none waits. */
    public long dueInNanos(long now) {
        return earliestDue == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, earliestDue - now);
    }

    /** Hands each event loop one task for its outboxes that are due at {@code now}; the others keep waiting. */
    public void submit(long now) {
        if (earliestDue > now) {
            return;
        }
        long next = Long.MAX_VALUE;
        int kept = 0;
        for (int i = 0; i < pending.size(); i++) {
            Outbox outbox = pending.get(i);
            if (outbox.dueNanos <= now) {
                byLoop.computeIfAbsent(outbox.loopKey(), key -> new ArrayList<>()).add(outbox);
            } else {
                pending.set(kept++, outbox);
                next = Math.min(next, outbox.dueNanos);
            }
        }
        pending.subList(kept, pending.size()).clear();
        earliestDue = next;
        for (List<Outbox> outboxes : byLoop.values()) {
            // Every transport of a group runs tasks on the same thread, so any of them can run the group's task.
            outboxes.get(0).transport().execute(() -> {
                for (int i = 0; i < outboxes.size(); i++) {
                    outboxes.get(i).drain();
                }
            });
        }
        byLoop.clear();
    }
}
