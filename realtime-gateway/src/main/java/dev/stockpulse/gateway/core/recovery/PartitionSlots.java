package dev.stockpulse.gateway.core.recovery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.TopicPartition;

/**
 * Numbers the partitions this gateway reads (0, 1, 2, …) so that positions are small arrays. The numbering is local
 * to one process; what clients hold names topic and partition (see {@link PositionCodec}), so it survives restarts
 * and works on every instance.
 */
public final class PartitionSlots {

    private final List<TopicPartition> bySlot = new CopyOnWriteArrayList<>();
    private final Map<TopicPartition, Integer> slots = new ConcurrentHashMap<>();

    public synchronized int slotOf(TopicPartition partition) {
        Integer slot = slots.get(partition);
        if (slot == null) {
            slot = bySlot.size();
            bySlot.add(partition);
            slots.put(partition, slot);
        }
        return slot;
    }

    /** The slot of a partition, or -1 if this gateway does not read it. */
    public int find(TopicPartition partition) {
        return slots.getOrDefault(partition, -1);
    }

    public TopicPartition partition(int slot) {
        return bySlot.get(slot);
    }

    public int size() {
        return bySlot.size();
    }
}
