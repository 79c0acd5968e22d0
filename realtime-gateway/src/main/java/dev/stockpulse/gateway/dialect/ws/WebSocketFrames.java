package dev.stockpulse.gateway.dialect.ws;

import java.nio.ByteBuffer;

import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.internal.VertxInternals;

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
            return VertxInternals.textFrame(frame.json());
        }
    };

    private WebSocketFrames() {
    }
}
