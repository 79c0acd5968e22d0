package dev.stockpulse.gateway.dialect.ws;

import java.nio.ByteBuffer;

import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.internal.VertxInternals;
import dev.stockpulse.gateway.protocol.SmartInventoryEvents;

/** Seed 000's WebSocket form of an event ({@link SmartInventoryEvents}), as a whole text frame, once per frame. */
final class SmartInventoryFrames {

    static final OutFrame.Form<ByteBuffer> FORM = new OutFrame.Form<>() {
        @Override
        protected ByteBuffer build(OutFrame frame) {
            return VertxInternals.textFrame(frame.as(SmartInventoryEvents.FORM).json());
        }
    };

    private SmartInventoryFrames() {
    }
}
