package dev.stockpulse.gateway.core.recovery;

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

    @Test
    void overlongVarintsAreRefusedNotReadAsNegativeNumbers() {
        PositionCodec codec = new PositionCodec(TOPICS);
        byte[] tenBytes = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, 0x01};
        // as the topic index (it read as -1 and threw IndexOutOfBoundsException), the partition and the offset
        for (int field = 0; field < 3; field++) {
            java.io.ByteArrayOutputStream position = new java.io.ByteArrayOutputStream();
            position.write(1);
            for (int f = 0; f < 3; f++) {
                position.writeBytes(f == field ? tenBytes : new byte[] {0});
            }
            String hostile = encode(position.toByteArray());
            assertThatThrownBy(() -> codec.decode(hostile)).as("10-byte varint as field %d", field)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        // nine bytes with the continuation bit still set
        assertThatThrownBy(() -> codec.decode(encode(new byte[] {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0, 0, 0})))
                .isInstanceOf(IllegalArgumentException.class);
        // the largest value nine bytes hold is still a position: offset Long.MAX_VALUE - 1
        assertThat(codec.decode(encode(new byte[] {1, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F})))
                .containsExactly(Map.entry(new TopicPartition("inventory-events", 0), Long.MAX_VALUE - 1));
    }

    @Test
    void randomBytesAndStringsOnlyEverFailAsIllegalArgument() {
        long seed = Long.getLong("stockpulse.fuzz.seed", 20261204L);
        Random random = new Random(seed);
        PartitionSlots slots = new PartitionSlots();
        slots.slotOf(new TopicPartition("inventory-events", 0));
        PositionCodec codec = new PositionCodec(TOPICS);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = 1;
            }
            String position = random.nextInt(4) == 0 ? randomText(random) : encode(bytes);
            try {
                codec.decodeToSlots(position, slots);
            } catch (IllegalArgumentException refused) {
                // the one documented failure
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ", input " + i + ": '" + position + "' threw " + e, e);
            }
        }
    }

    private static String encode(byte[] bytes) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(3) == 0 ? 2049 + random.nextInt(10) : random.nextInt(30);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(random.nextBoolean() ? 128 : 0x10000));
        }
        return text.toString();
    }
}
