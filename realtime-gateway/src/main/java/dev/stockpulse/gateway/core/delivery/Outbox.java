package dev.stockpulse.gateway.core.delivery;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Consumer;

/**
 * The frames waiting for one client. Anyone may {@link #offer} (the Kafka consumer, the client's own event loop);
 * writing happens on the client's event loop only, in batches: every frame queued at that moment is written, then
 * flushed once, so a busy connection costs one syscall per batch, not one per frame. Offering never blocks and never
 * waits for the client, so one slow client cannot slow the others.
 *
 * <p>Slowness is what the client fails to take, never what merely waits here: frames held back while a busy connection
 * waits for its next event, or by an event loop that a busy machine runs late, say nothing about the client. Once the
 * socket is full (the transport is not writable), every byte offered counts as refused until the client takes
 * something; past {@code limitBytes} refused the connection is closed as a slow consumer (4008), after a last look on
 * its event loop that it still took nothing. A client that keeps reading is never closed for a burst, however far it
 * falls behind: its frames wait here (they are shared with the other recipients, so each costs little) and are written
 * as fast as it takes them. {@code backlogLimitBytes} bounds that wait, for a client that reads, but less than it is
 * sent for good.
 */
public final class Outbox {

    // Field updaters rather than atomic objects: there is one outbox per connection, and every byte of it counts.
    private static final AtomicLongFieldUpdater<Outbox> QUEUED_BYTES =
            AtomicLongFieldUpdater.newUpdater(Outbox.class, "queuedBytes");
    private static final AtomicLongFieldUpdater<Outbox> REFUSED_BYTES =
            AtomicLongFieldUpdater.newUpdater(Outbox.class, "refusedBytes");
    private static final AtomicIntegerFieldUpdater<Outbox> DRAIN_SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(Outbox.class, "drainScheduled");
    private static final AtomicIntegerFieldUpdater<Outbox> CHECK_SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(Outbox.class, "checkScheduled");

    private final Transport transport;
    /** The transport's {@link Transport#loopKey}, read once: the fan-out asks for it for every frame. */
    private final Object loopKey;
    private final long limitBytes;
    private final long backlogLimitBytes;
    private final Consumer<Outbox> onSlow;
    private final ConcurrentLinkedQueue<OutFrame> queue = new ConcurrentLinkedQueue<>();
    private volatile long queuedBytes;
    /** Bytes offered while the socket was full and the client took nothing. */
    private volatile long refusedBytes;
    /** True from a drain that found the socket full until the client takes something; set on the event loop. */
    private volatile boolean blocked;
    /** Event loop only: {@link Transport#bytesBeforeWritable} when the client last took something while blocked. */
    private long blockedMark;
    /** Event loop only: a {@link Transport#whenWritable} wait is under way. */
    private boolean awaitingWritable;
    /**
     * System.currentTimeMillis() when the client last took bytes while its socket was full: a sign of life as good as
     * a pong, whose answer to a ping waits behind everything queued before it.
     */
    private volatile long lastTookMillis;
    /** 1 while a drain is scheduled and has not started yet. */
    private volatile int drainScheduled;
    /** 1 while a look at a client that may have stalled is scheduled. */
    private volatile int checkScheduled;
    private volatile boolean closed;
    // The pacing state of the connection, kept by the DeliveryBatch of the one thread that offers with a batch (the
    // Kafka consumer); see WritePacing.
    /** System.nanoTime() of the last event offered with a batch; 0 before the first. */
    long lastOfferedNanos;
    /** The usual gap between this connection's events. */
    long gapNanos;
    /** While the outbox waits in a batch: when it is due to be handed to the event loop. */
    long dueNanos;

    /**
     * @param limitBytes        bytes the client may fail to take (offered while its socket is full) before 4008
     * @param backlogLimitBytes bytes that may wait here in all, taken or not, before 4008
     */
    public Outbox(Transport transport, long limitBytes, long backlogLimitBytes, Consumer<Outbox> onSlow) {
        this.transport = transport;
        this.loopKey = transport.loopKey();
        this.limitBytes = limitBytes;
        this.backlogLimitBytes = backlogLimitBytes;
        this.onSlow = onSlow;
    }

    /** @return false if the frame was dropped: the outbox is closed, or this frame made it overflow */
    public boolean offer(OutFrame frame) {
        return offer(frame, null);
    }

    /**
     * As {@link #offer(OutFrame)}, but a drain this needs is left to {@code batch}, which schedules one task per event
     * loop for all the outboxes it collected, when each is due (at once unless the connection is busy, see
     * {@link DeliveryBatch}); null schedules this outbox's drain at once.
     */
    public boolean offer(OutFrame frame, DeliveryBatch batch) {
        if (closed) {
            return false;
        }
        if (QUEUED_BYTES.addAndGet(this, frame.size()) > backlogLimitBytes) {
            QUEUED_BYTES.addAndGet(this, -frame.size());
            overflow();
            return false;
        }
        queue.add(frame);
        if (blocked && REFUSED_BYTES.addAndGet(this, frame.size()) > limitBytes
                && CHECK_SCHEDULED.compareAndSet(this, 0, 1)) {
            transport.execute(this::checkStalled);
        }
        if (batch != null) {
            batch.offered(this, DRAIN_SCHEDULED.compareAndSet(this, 0, 1));
        } else if (DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
            transport.execute(this::drain);
        }
        return true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** When the client last took bytes while it was behind (its socket full); 0 if it never was. */
    public long lastTookMillis() {
        return lastTookMillis;
    }

    /** Stops accepting and drops what is queued; the transport is closed by whoever decided to close. */
    public void close() {
        closed = true;
        queue.clear();
        queuedBytes = 0;
    }

    /** Closes the outbox and then the transport with the code, after the frames queued so far are written. */
    public void closeAfterPending(CloseCode code) {
        transport.execute(() -> {
            drain();
            close();
            transport.close(code);
        });
    }

    private void overflow() {
        if (!closed) {
            close();
            onSlow.accept(this);
            transport.close(CloseCode.SLOW_CONSUMER);
        }
    }

    private void scheduleDrain() {
        if (DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
            transport.execute(this::drain);
        }
    }

    Transport transport() {
        return transport;
    }

    Object loopKey() {
        return loopKey;
    }

    /** On the transport's event loop: writes what is queued, as far as the socket takes it, and flushes once. */
    void drain() {
        drainScheduled = 0;
        if (closed) {
            return;
        }
        if (blocked && transport.writable()) {
            unblock();
        }
        int written = 0;
        OutFrame frame;
        while (!closed && transport.writable() && (frame = queue.poll()) != null) {
            transport.write(frame);
            QUEUED_BYTES.addAndGet(this, -frame.size());
            written++;
        }
        if (written > 0) {
            transport.flush();
        }
        if (!closed && !queue.isEmpty()) {
            // The flush may have drained the socket below its low-water mark already, firing the writability event
            // before anyone waited for it: then go on at once, or frames would sit here until the next offer.
            if (transport.writable()) {
                scheduleDrain();
            } else {
                awaitWritable();
            }
        }
        // An offer racing with this drain schedules a drain of its own.
    }

    private void awaitWritable() {
        if (!blocked) {
            blockedMark = transport.bytesBeforeWritable();
            blocked = true;
        }
        if (!awaitingWritable) {
            awaitingWritable = true;
            transport.whenWritable(() -> {
                awaitingWritable = false;
                scheduleDrain();
            });
        }
    }

    private void unblock() {
        blocked = false;
        refusedBytes = 0;
        lastTookMillis = System.currentTimeMillis();
    }

    /**
     * On the event loop, once more than the limit was refused: closes the connection as slow unless the client took
     * something since it blocked (or since the last look), in which case it is only behind and counting starts over.
     */
    private void checkStalled() {
        checkScheduled = 0;
        if (closed || !blocked) {
            return;
        }
        if (transport.writable()) {
            drain();
            return;
        }
        long mark = transport.bytesBeforeWritable();
        if (mark < blockedMark) {
            blockedMark = mark;
            refusedBytes = 0;
            lastTookMillis = System.currentTimeMillis();
        } else if (refusedBytes > limitBytes) {
            overflow();
        }
    }
}
