package dev.stockpulse.gateway.core.recovery;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * Writes and reads the opaque {@code position} clients receive: for every partition the gateway reads, the offset of
 * the last record it had processed. Binary (a version byte, then topic index, partition and offset + 1 as unsigned
 * varints per partition), base64url without padding: about 30 characters for six partitions, safe in a URL, a query
 * string and an SSE {@code id:}. It names topics by their index in {@code gateway.kafka.topics}, so changing that
 * list invalidates positions (they then get {@code recovered:false}).
 */
public final class PositionCodec {

    private static final int VERSION = 1;

    private final List<String> topics;

    public PositionCodec(List<String> topics) {
        this.topics = List.copyOf(topics);
    }

    public String encode(long[] offsets, PartitionSlots slots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + offsets.length * 6);
        out.write(VERSION);
        for (int slot = 0; slot < offsets.length; slot++) {
            TopicPartition partition = slots.partition(slot);
            writeVarint(out, topics.indexOf(partition.topic()));
            writeVarint(out, partition.partition());
            writeVarint(out, offsets[slot] + 1);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /**
     * @return each partition named in the position and its offset
     * @throws IllegalArgumentException if this is not a position this codec wrote
     */
    public Map<TopicPartition, Long> decode(String position) {
        if (position == null || position.isEmpty() || position.length() > 2048) {
            throw new IllegalArgumentException("not a position");
        }
        byte[] bytes = Base64.getUrlDecoder().decode(position);
        int[] cursor = {0};
        if (bytes.length == 0 || bytes[cursor[0]++] != VERSION) {
            throw new IllegalArgumentException("unknown position version");
        }
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        while (cursor[0] < bytes.length) {
            long topic = readVarint(bytes, cursor);
            long partition = readVarint(bytes, cursor);
            long offset = readVarint(bytes, cursor) - 1;
            if (topic >= topics.size() || partition > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("position names an unknown partition");
            }
            offsets.put(new TopicPartition(topics.get((int) topic), (int) partition), offset);
        }
        return offsets;
    }

    /** As {@link #decode(String)}, as an array by slot; partitions the position does not name are {@code -1}. */
    public long[] decodeToSlots(String position, PartitionSlots slots) {
        Map<TopicPartition, Long> decoded = decode(position);
        long[] offsets = new long[slots.size()];
        java.util.Arrays.fill(offsets, RecoveryBuffers.NONE);
        decoded.forEach((partition, offset) -> {
            int slot = slots.find(partition);
            if (slot >= 0 && slot < offsets.length) {
                offsets[slot] = offset;
            }
        });
        return offsets;
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value in a position: " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    /**
     * At most 9 bytes (63 bits): {@link #encode} never writes a negative value, so a longer varint is not one of ours,
     * and reading it would overflow into a negative topic index, partition or offset.
     */
    private static long readVarint(byte[] bytes, int[] cursor) {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (cursor[0] >= bytes.length) {
                throw new IllegalArgumentException("truncated position");
            }
            byte b = bytes[cursor[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed position");
    }
}
