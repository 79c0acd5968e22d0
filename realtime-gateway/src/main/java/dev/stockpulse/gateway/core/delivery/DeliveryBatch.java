package dev.stockpulse.gateway.core.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The outboxes that events were just offered to, grouped by the event loop that writes them, so that delivering costs
 * one task per event loop rather than one task (and often one wake-up) per connection. Each task drains its outboxes
 * one after the other, each with its own single flush: all the events a connection got since the batch opened go out
 * in one write. Used by one thread at a time: the Kafka consumer fills it with the events of a poll (or of its
 * coalescing window), then {@link #submit}s it, and may fill it again after that.
 */
public final class DeliveryBatch {

    private final Map<Object, List<Outbox>> byLoop = new HashMap<>(8);
    /** System.nanoTime() when the first outbox was added since the last submit. */
    private long openedNanos;

    /** Called by an outbox whose drain must be scheduled; it is drained when the batch's tasks run. */
    void add(Outbox outbox) {
        if (byLoop.isEmpty()) {
            openedNanos = System.nanoTime();
        }
        byLoop.computeIfAbsent(outbox.loopKey(), key -> new ArrayList<>()).add(outbox);
    }

    /** True when no outbox waits for this batch's tasks. */
    public boolean isEmpty() {
        return byLoop.isEmpty();
    }

    /** Nanoseconds since the first outbox waiting for this batch was added; 0 when none waits. */
    public long openNanos() {
        return byLoop.isEmpty() ? 0 : System.nanoTime() - openedNanos;
    }

    /** Hands each event loop its task; the batch is empty again afterwards. */
    public void submit() {
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
