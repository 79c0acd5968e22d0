package dev.stockpulse.gateway.core.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One frame as bytes, encoded once and shared by every connection it goes to (and by the recovery buffers). The SSE
 * form and the WebSocket form are built on first use by a client of that transport and then shared the same way.
 *
 * @param json      the UTF-8 JSON text of the frame
 * @param sseEvent  the SSE {@code event:} name (the event type, or the control frame's type)
 * @param position  the SSE {@code id:}; null for control frames, which carry no position
 */
public record OutFrame(byte[] json, String sseEvent, String position, Encodings encodings) {

    public OutFrame(byte[] json, String sseEvent, String position) {
        this(json, sseEvent, position, new Encodings());
    }

    public static OutFrame control(String type, String json) {
        return new OutFrame(json.getBytes(StandardCharsets.UTF_8), type, null);
    }

    public int size() {
        return json.length;
    }

    /** An event frame, as opposed to a control frame: the same frame goes to many connections. */
    public boolean isEvent() {
        return position != null;
    }

    /** {@code id: …\nevent: …\ndata: …\n\n}, built once. */
    public byte[] sseBytes() {
        byte[] bytes = encodings.sse;
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
            encodings.sse = bytes;
        }
        return bytes;
    }

    /**
     * The whole WebSocket text frame (header and JSON) as it goes on the wire from a server, which never masks: the
     * same bytes for every connection, so they are built once, off-heap, and each connection writes a view of them
     * with no copy. Never written to and never freed by a release: the memory goes when the frame is garbage
     * collected.
     *
     * @return a new buffer over the shared bytes, for one write (its own indexes; releasing it frees nothing)
     */
    public ByteBuf webSocketFrame() {
        ByteBuffer shared = encodings.webSocket;
        if (shared == null) {
            // A benign race, as for the SSE form.
            shared = webSocketTextFrame(json);
            encodings.webSocket = shared;
        }
        // A wrapped ByteBuffer is not freed on release; Netty writes it to the socket straight from its memory.
        return Unpooled.wrappedBuffer(shared.duplicate());
    }

    /** RFC 6455 section 5.2: FIN and opcode 1 (text), no mask, 7, 7+16 or 7+64 bits of payload length. */
    static ByteBuffer webSocketTextFrame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocateDirect(header + length);
        frame.put((byte) 0x81);
        if (length < 126) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        frame.put(payload).flip();
        return frame;
    }

    /** Holder of the lazily built forms; excluded from equality by being its own identity-compared object. */
    public static final class Encodings {
        private volatile byte[] sse;
        private volatile ByteBuffer webSocket;
    }
}
