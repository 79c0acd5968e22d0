package dev.stockpulse.gateway.core.intake;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Hands on the records read while the recovery buffers are rebuilt in the order they were written across partitions,
 * by timestamp, rather than in the order the polls return them: a poll returns one partition's records after
 * another's. Rebuilt partition by partition, a room with more events in its window than it keeps
 * ({@code gateway.recovery.room-capacity}) evicted one partition's recent events while keeping another's old ones, and
 * positions the instance had served before its restart became gaps. Rebuilt in the order of writing, it keeps the same
 * latest events as it kept before, which is the order its live intake had put them in.
 *
 * <p>Records are held per partition (in offset order, as read) and handed on oldest first. One is handed on only while
 * every partition still being read holds a record, because that partition's next record could be older. A partition
 * holding {@code limit} records or more is to be paused (its fetches stop) until it holds at most half of them, so
 * what is held stays within about a limit and one poll per partition.
 *
 * <p>Not thread-safe: the consumer thread alone uses it.
 */
final class RebuildOrder {

    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<String, byte[]>>> held = new LinkedHashMap<>();
    private final int limit;

    /**
     * @param partitions the partitions the rebuild reads, in the order ties of timestamp are broken
     * @param limit records held in one partition above which it is to be paused
     */
    RebuildOrder(Collection<TopicPartition> partitions, int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("limit must be at least 2");
        }
        this.limit = limit;
        partitions.forEach(this::queue);
    }

    /** Holds a poll's records. */
    void add(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            queue(partition).addAll(records.records(partition));
        }
    }

    /**
     * Hands on, oldest first, every record that no partition still being read could precede: it stops at the first
     * moment a partition that is still being read holds nothing. A record is taken out before {@code handler} gets it,
     * so one whose handling throws is not handed on again.
     *
     * @param reading whether a partition has records left to read before the rebuild's end
     */
    void release(Predicate<TopicPartition> reading, Consumer<ConsumerRecord<String, byte[]>> handler) {
        while (true) {
            ArrayDeque<ConsumerRecord<String, byte[]>> oldest = null;
            for (Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<String, byte[]>>> entry : held.entrySet()) {
                ArrayDeque<ConsumerRecord<String, byte[]>> queue = entry.getValue();
                if (queue.isEmpty()) {
                    if (reading.test(entry.getKey())) {
                        return;
                    }
                } else if (oldest == null || queue.peekFirst().timestamp() < oldest.peekFirst().timestamp()) {
                    oldest = queue;
                }
            }
            if (oldest == null) {
                return;
            }
            handler.accept(oldest.pollFirst());
        }
    }

    /** Hands on everything held, oldest first: every partition has been read up to the rebuild's end. */
    void drain(Consumer<ConsumerRecord<String, byte[]>> handler) {
        release(partition -> false, handler);
    }

    /** Records held, in all partitions. */
    int size() {
        return held.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /** Partitions not paused yet that hold {@code limit} records or more. */
    Set<TopicPartition> toPause(Set<TopicPartition> paused) {
        Set<TopicPartition> full = new HashSet<>();
        held.forEach((partition, queue) -> {
            if (queue.size() >= limit && !paused.contains(partition)) {
                full.add(partition);
            }
        });
        return full;
    }

    /** Paused partitions that hold at most half of {@code limit} records again. */
    Set<TopicPartition> toResume(Set<TopicPartition> paused) {
        Set<TopicPartition> emptied = new HashSet<>();
        for (TopicPartition partition : paused) {
            ArrayDeque<ConsumerRecord<String, byte[]>> queue = held.get(partition);
            if (queue == null || queue.size() <= limit / 2) {
                emptied.add(partition);
            }
        }
        return emptied;
    }

    private ArrayDeque<ConsumerRecord<String, byte[]>> queue(TopicPartition partition) {
        return held.computeIfAbsent(partition, p -> new ArrayDeque<>());
    }
}
