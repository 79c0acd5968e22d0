package dev.stockpulse.gateway.dialect.sse;

import java.nio.charset.StandardCharsets;

import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.protocol.SmartInventoryEvents;

/**
 * The SSE forms of a frame, each built once per frame for every SSE stream of its format. {@link #FORM}, StockPulse's
 * own ({@code ?format=stockpulse}): {@code id: …\nevent: <type>\ndata: <frame>\n\n}. {@link #SMART_INVENTORY}, the
 * default, for seed 000's clients: the document's frame ({@link SmartInventoryEvents}) twice, named by the document's
 * event name for {@code addEventListener('stock.low')} and unnamed for {@code onmessage}, both with the position as
 * {@code id:}; a control frame is named by its type, as in the other format.
 */
final class SseFrames {

    static final OutFrame.Form<byte[]> FORM = new OutFrame.Form<>() {
        @Override
        protected byte[] build(OutFrame frame) {
            return sse(frame);
        }
    };

    static final OutFrame.Form<byte[]> SMART_INVENTORY = new OutFrame.Form<>() {
        @Override
        protected byte[] build(OutFrame frame) {
            if (!frame.isEvent()) {
                return sse(frame);
            }
            SmartInventoryEvents.Encoded event = frame.as(SmartInventoryEvents.FORM);
            byte[] named = message(frame.position(), event.name(), event.json());
            byte[] unnamed = message(frame.position(), null, event.json());
            byte[] both = new byte[named.length + unnamed.length];
            System.arraycopy(named, 0, both, 0, named.length);
            System.arraycopy(unnamed, 0, both, named.length, unnamed.length);
            return both;
        }
    };

    private SseFrames() {
    }

    static byte[] sse(OutFrame frame) {
        return message(frame.position(), frame.type(), frame.json());
    }

    /** One SSE message; {@code id} and {@code name} may be null. */
    private static byte[] message(String id, String name, byte[] json) {
        StringBuilder head = new StringBuilder(64);
        if (id != null) {
            head.append("id: ").append(id).append('\n');
        }
        if (name != null) {
            head.append("event: ").append(name).append('\n');
        }
        head.append("data: ");
        byte[] prefix = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[prefix.length + json.length + 2];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        System.arraycopy(json, 0, bytes, prefix.length, json.length);
        bytes[bytes.length - 2] = '\n';
        bytes[bytes.length - 1] = '\n';
        return bytes;
    }
}
