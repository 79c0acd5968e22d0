package dev.stockpulse.gateway.delivery;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.Consumer;

/**
 * The frames waiting for one client. Anyone may {@link #offer} (the Kafka consumer, the client's own event loop);
 * writing happens on the client's event loop only, in batches: every frame queued at that moment is written, then
 * flushed once, so a busy connection costs one syscall per batch, not one per frame.
 *
 * <p>Bounded in bytes: a client that does not read lets the socket's buffer fill (the transport then reports it is
 * not writable), then this queue; past {@code limitBytes} the connection is closed as a slow consumer and its frames
 * are dropped. Offering never blocks and never waits for the client, so one slow client cannot slow the others.
 */
public final class Outbox {

    // Field updaters rather than atomic objects: there is one outbox per connection, and every byte of it counts.
    private static final AtomicLongFieldUpdater<Outbox> QUEUED_BYTES =
            AtomicLongFieldUpdater.newUpdater(Outbox.class, "queuedBytes");
    private static final AtomicIntegerFieldUpdater<Outbox> DRAIN_SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(Outbox.class, "drainScheduled");

    private final Transport transport;
    /** The transport's {@link Transport#loopKey}, read once: the fan-out asks for it for every frame. */
    private final Object loopKey;
    private final long limitBytes;
    private final Consumer<Outbox> onSlow;
    private final ConcurrentLinkedQueue<OutFrame> queue = new ConcurrentLinkedQueue<>();
    private volatile long queuedBytes;
    /** 1 while a drain is scheduled and has not started yet. */
    private volatile int drainScheduled;
    private volatile boolean closed;

    public Outbox(Transport transport, long limitBytes, Consumer<Outbox> onSlow) {
        this.transport = transport;
        this.loopKey = transport.loopKey();
        this.limitBytes = limitBytes;
        this.onSlow = onSlow;
    }

    /** @return false if the frame was dropped: the outbox is closed, or this frame made it overflow */
    public boolean offer(OutFrame frame) {
        return offer(frame, null);
    }

    /**
     * As {@link #offer(OutFrame)}, but a drain this needs is left to {@code batch}, which schedules one task per event
     * loop for all the outboxes it collected; null schedules this outbox's drain at once.
     */
    public boolean offer(OutFrame frame, DeliveryBatch batch) {
        if (closed) {
            return false;
        }
        if (QUEUED_BYTES.addAndGet(this, frame.size()) > limitBytes) {
            QUEUED_BYTES.addAndGet(this, -frame.size());
            overflow();
            return false;
        }
        queue.add(frame);
        if (DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
            if (batch != null) {
                batch.add(this);
            } else {
                transport.execute(this::drain);
            }
        }
        return true;
    }

    public boolean isClosed() {
        return closed;
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
                transport.whenWritable(this::scheduleDrain);
            }
        }
        // An offer racing with this drain schedules a drain of its own.
    }
}
