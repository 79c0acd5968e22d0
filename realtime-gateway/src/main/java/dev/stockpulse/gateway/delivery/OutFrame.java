package dev.stockpulse.gateway.delivery;

import java.nio.charset.StandardCharsets;

/**
 * One frame as bytes, encoded once and shared by every connection it goes to (and by the recovery buffers). The SSE
 * form is built on first use by an SSE client and then shared the same way.
 *
 * @param json      the UTF-8 JSON text of the frame
 * @param sseEvent  the SSE {@code event:} name (the event type, or the control frame's type)
 * @param position  the SSE {@code id:}; null for control frames, which carry no position
 */
public record OutFrame(byte[] json, String sseEvent, String position, SseForm sse) {

    public OutFrame(byte[] json, String sseEvent, String position) {
        this(json, sseEvent, position, new SseForm());
    }

    public static OutFrame control(String type, String json) {
        return new OutFrame(json.getBytes(StandardCharsets.UTF_8), type, null);
    }

    public int size() {
        return json.length;
    }

    /** {@code id: …\nevent: …\ndata: …\n\n}, built once. */
    public byte[] sseBytes() {
        byte[] bytes = sse.bytes;
        if (bytes == null) {
            StringBuilder head = new StringBuilder(64);
            if (position != null) {
                head.append("id: ").append(position).append('\n');
            }
            head.append("event: ").append(sseEvent).append("\ndata: ");
            byte[] prefix = head.toString().getBytes(StandardCharsets.UTF_8);
            bytes = new byte[prefix.length + json.length + 2];
            System.arraycopy(prefix, 0, bytes, 0, prefix.length);
            System.arraycopy(json, 0, bytes, prefix.length, json.length);
            bytes[bytes.length - 2] = '\n';
            bytes[bytes.length - 1] = '\n';
            // A benign race: two threads may both build it; both results are equal.
            sse.bytes = bytes;
        }
        return bytes;
    }

    /** Holder of the lazily built SSE bytes; excluded from equality by being its own identity-compared object. */
    public static final class SseForm {
        private volatile byte[] bytes;
    }
}
