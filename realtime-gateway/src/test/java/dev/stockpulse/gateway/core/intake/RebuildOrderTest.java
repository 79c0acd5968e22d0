package dev.stockpulse.gateway.core.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The rebuild's order without a broker: records polled one partition after another are handed on by timestamp, never
 * ahead of a partition that may still have older ones, each partition in its own order, with partitions that hold many
 * records to be paused and resumed.
 */
class RebuildOrderTest {

    private static final TopicPartition P0 = new TopicPartition("inventory-events", 0);
    private static final TopicPartition P1 = new TopicPartition("inventory-events", 1);
    private static final TopicPartition P2 = new TopicPartition("sales-events", 0);

    private final List<String> handed = new ArrayList<>();

    @Test
    void recordsPolledPartitionAfterPartitionAreHandedOnInTheOrderTheyWereWritten() {
        RebuildOrder order = new RebuildOrder(List.of(P0, P1, P2), 100);
        // A poll as Kafka returns it: all of one partition, then the next.
        order.add(poll(record(P0, 0, 1_000), record(P0, 1, 1_003), record(P0, 2, 1_006),
                record(P1, 0, 1_001), record(P1, 1, 1_004),
                record(P2, 0, 1_002), record(P2, 1, 1_005)));

        order.release(reading(P0, P1, P2), record -> handed.add(name(record)));

        // Once P1's last polled record is handed on, its next one could be older than what P0 and P2 still hold.
        assertThat(handed).containsExactly("inventory-events-0@0", "inventory-events-1@0", "sales-events-0@0",
                "inventory-events-0@1", "inventory-events-1@1");

        order.drain(record -> handed.add(name(record)));
        assertThat(handed).endsWith("inventory-events-1@1", "sales-events-0@1", "inventory-events-0@2");
        assertThat(order.size()).isZero();
    }

    @Test
    void nothingIsHandedOnWhileAPartitionStillBeingReadHoldsNothing() {
        RebuildOrder order = new RebuildOrder(List.of(P0, P1), 100);
        order.add(poll(record(P0, 0, 5_000), record(P0, 1, 5_001)));

        order.release(reading(P0, P1), record -> handed.add(name(record)));
        assertThat(handed).as("P1's first record, not polled yet, could be older").isEmpty();

        order.release(reading(P0), record -> handed.add(name(record)));
        assertThat(handed).as("P1 read to the rebuild's end: it has nothing older")
                .containsExactly("inventory-events-0@0", "inventory-events-0@1");
    }

    @Test
    void aPartitionKeepsItsOwnOrderWhateverItsTimestamps() {
        RebuildOrder order = new RebuildOrder(List.of(P0, P1), 100);
        // A producer's clock stepped back on P0: its later record carries an earlier time.
        order.add(poll(record(P0, 0, 2_000), record(P0, 1, 1_000), record(P1, 0, 1_500)));

        order.drain(record -> handed.add(name(record)));

        assertThat(handed).containsExactly("inventory-events-1@0", "inventory-events-0@0", "inventory-events-0@1");
    }

    @Test
    void equalTimestampsGoInTheOrderThePartitionsWereGiven() {
        RebuildOrder order = new RebuildOrder(List.of(P1, P0), 100);
        order.add(poll(record(P0, 0, 7_000), record(P1, 0, 7_000)));

        order.drain(record -> handed.add(name(record)));

        assertThat(handed).containsExactly("inventory-events-1@0", "inventory-events-0@0");
    }

    @Test
    void aRecordWhoseHandlingFailedIsNotHandedOnAgain() {
        RebuildOrder order = new RebuildOrder(List.of(P0, P1), 100);
        order.add(poll(record(P0, 0, 1), record(P0, 1, 3), record(P1, 0, 2)));

        assertThatThrownBy(() -> order.drain(record -> {
            if (record.partition() == 1) {
                throw new IllegalStateException("cannot route");
            }
            handed.add(name(record));
        })).hasMessage("cannot route");
        order.drain(record -> handed.add(name(record)));

        assertThat(handed).containsExactly("inventory-events-0@0", "inventory-events-0@1");
    }

    @Test
    void aPartitionHoldingTheLimitIsToBePausedUntilItHoldsHalf() {
        RebuildOrder order = new RebuildOrder(List.of(P0, P1), 4);
        order.add(poll(record(P0, 0, 100), record(P0, 1, 110), record(P0, 2, 120), record(P0, 3, 130)));

        assertThat(order.toPause(Set.of())).containsExactly(P0);
        assertThat(order.toPause(Set.of(P0))).as("paused already").isEmpty();
        assertThat(order.toResume(Set.of(P0))).isEmpty();

        order.add(poll(record(P1, 0, 115)));
        order.release(reading(P0, P1), record -> handed.add(name(record)));
        assertThat(handed).containsExactly("inventory-events-0@0", "inventory-events-0@1", "inventory-events-1@0");
        assertThat(order.toResume(Set.of(P0))).as("2 of 4 held").containsExactly(P0);
        assertThat(order.toResume(Set.of(P1))).as("holds nothing").containsExactly(P1);
    }

    @Test
    void aLimitBelowTwoIsRefused() {
        assertThatThrownBy(() -> new RebuildOrder(List.of(P0), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Partitions that have records left to read before the rebuild's end. */
    private static Predicate<TopicPartition> reading(TopicPartition... partitions) {
        Set<TopicPartition> still = new HashSet<>(List.of(partitions));
        return still::contains;
    }

    @SafeVarargs
    private static ConsumerRecords<String, byte[]> poll(ConsumerRecord<String, byte[]>... records) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            byPartition.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>())
                    .add(record);
        }
        return new ConsumerRecords<>(byPartition, Map.of());
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset, long timestamp) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, timestamp,
                TimestampType.CREATE_TIME, 0, 0, "key", new byte[0], new RecordHeaders(), Optional.empty());
    }

    private static String name(ConsumerRecord<String, byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
