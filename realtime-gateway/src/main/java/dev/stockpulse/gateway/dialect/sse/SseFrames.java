package dev.stockpulse.gateway.dialect.sse;

import java.nio.charset.StandardCharsets;

import dev.stockpulse.gateway.core.delivery.OutFrame;

/** The SSE form of a frame: {@code id: …\nevent: …\ndata: …\n\n}, built once per frame for every SSE stream. */
final class SseFrames {

    static final OutFrame.Form<byte[]> FORM = new OutFrame.Form<>() {
        @Override
        protected byte[] build(OutFrame frame) {
            return sse(frame);
        }
    };

    private SseFrames() {
    }

    static byte[] sse(OutFrame frame) {
        StringBuilder head = new StringBuilder(64);
        if (frame.position() != null) {
            head.append("id: ").append(frame.position()).append('\n');
        }
        head.append("event: ").append(frame.type()).append("\ndata: ");
        byte[] prefix = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] json = frame.json();
        byte[] bytes = new byte[prefix.length + json.length + 2];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        System.arraycopy(json, 0, bytes, prefix.length, json.length);
        bytes[bytes.length - 2] = '\n';
        bytes[bytes.length - 1] = '\n';
        return bytes;
    }
}
