package dev.stockpulse.gateway.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The outboxes one event was just offered to, grouped by the event loop that writes them, so that the event costs one
 * task per event loop rather than one task (and often one wake-up) per connection. Each task drains its outboxes one
 * after the other, each with its own single flush. Used by one thread at a time: the fan-out fills it, then
 * {@link #submit}s it and never touches it again.
 */
public final class DeliveryBatch {

    private final Map<Object, List<Outbox>> byLoop = new HashMap<>(8);

    /** Called by an outbox whose drain must be scheduled; it is drained when the batch's tasks run. */
    void add(Outbox outbox) {
        byLoop.computeIfAbsent(outbox.loopKey(), key -> new ArrayList<>()).add(outbox);
    }

    /** Hands each event loop its task. */
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
