package dev.stockpulse.gateway.dialect.ws;

import java.nio.ByteBuffer;

import dev.stockpulse.gateway.core.delivery.OutFrame;

/**
 * The WebSocket form of a frame: the whole text frame (header and JSON) as it goes on the wire from a server, which
 * never masks. The same bytes for every connection, so they are built once, off-heap, and each connection writes a
 * view of them with no copy. Never written to and never freed by a release: the memory goes when the frame is
 * garbage collected.
 */
final class WebSocketFrames {

    static final OutFrame.Form<ByteBuffer> FORM = new OutFrame.Form<>() {
        @Override
        protected ByteBuffer build(OutFrame frame) {
            return textFrame(frame.json());
        }
    };

    private WebSocketFrames() {
    }

    /** RFC 6455 section 5.2: FIN and opcode 1 (text), no mask, 7, 7+16 or 7+64 bits of payload length. */
    static ByteBuffer textFrame(byte[] payload) {
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
}
