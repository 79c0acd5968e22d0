package dev.stockpulse.gateway.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PositionCodecTest {

    private static final List<String> TOPICS = List.of("inventory-events", "sales-events");

    @Test
    void aPositionNamesEveryPartitionWithItsOffsetAndIsUrlSafe() {
        PartitionSlots slots = new PartitionSlots();
        slots.slotOf(new TopicPartition("sales-events", 2));
        slots.slotOf(new TopicPartition("inventory-events", 0));
        PositionCodec codec = new PositionCodec(TOPICS);

        String position = codec.encode(new long[] {41, -1}, slots);

        assertThat(position).matches("[A-Za-z0-9_-]+");
        assertThat(codec.decode(position)).containsExactly(
                Map.entry(new TopicPartition("sales-events", 2), 41L),
                Map.entry(new TopicPartition("inventory-events", 0), -1L));
    }

    @Test
    void anotherProcessWithOtherSlotNumbersReadsTheSameOffsets() {
        PartitionSlots writer = new PartitionSlots();
        writer.slotOf(new TopicPartition("inventory-events", 0));
        writer.slotOf(new TopicPartition("inventory-events", 1));
        PartitionSlots reader = new PartitionSlots();
        reader.slotOf(new TopicPartition("inventory-events", 1));
        reader.slotOf(new TopicPartition("sales-events", 0));
        reader.slotOf(new TopicPartition("inventory-events", 0));
        PositionCodec codec = new PositionCodec(TOPICS);

        long[] read = codec.decodeToSlots(codec.encode(new long[] {7, 9_000_000_000L}, writer), reader);

        assertThat(read).containsExactly(9_000_000_000L, -1, 7);
    }

    @Test
    void roundTripsRandomVectors() {
        Random random = new Random(42);
        PartitionSlots slots = new PartitionSlots();
        for (int p = 0; p < 8; p++) {
            slots.slotOf(new TopicPartition(TOPICS.get(p % 2), p));
        }
        PositionCodec codec = new PositionCodec(TOPICS);
        for (int i = 0; i < 1000; i++) {
            long[] offsets = new long[8];
            for (int s = 0; s < 8; s++) {
                offsets[s] = random.nextInt(4) == 0 ? -1 : Math.abs(random.nextLong() >> random.nextInt(63));
            }
            assertThat(codec.decodeToSlots(codec.encode(offsets, slots), slots)).containsExactly(offsets);
        }
    }

    @Test
    void anythingElseIsRefused() {
        PositionCodec codec = new PositionCodec(TOPICS);
        assertThatThrownBy(() -> codec.decode("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode("not base64!")).isInstanceOf(IllegalArgumentException.class);
        // the old format of the walking skeleton: base64url of "topic:partition:offset"
        assertThatThrownBy(() -> codec.decode("aW52ZW50b3J5LWV2ZW50czoxOjQy")).isInstanceOf(IllegalArgumentException.class);
        // version 1, then a topic index that does not exist
        assertThatThrownBy(() -> codec.decode("AQUAAA")).isInstanceOf(IllegalArgumentException.class);
        // version 1, then a truncated varint
        assertThatThrownBy(() -> codec.decode("AQCA")).isInstanceOf(IllegalArgumentException.class);
    }
}
