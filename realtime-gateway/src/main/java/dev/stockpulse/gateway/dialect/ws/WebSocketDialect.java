package dev.stockpulse.gateway.dialect.ws;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import dev.stockpulse.gateway.core.delivery.OutFrame;

/**
 * The dialects that speak JSON over a plain WebSocket: the same upgrade check, transport, client actions and limits,
 * each with its own path and its own form of an event (built once per event frame, shared by every connection of the
 * dialect). {@link #NOTHING} is the form of an event a dialect has no message for.
 */
enum WebSocketDialect {

    /** StockPulse's own protocol. */
    NATIVE("/ws", WebSocketFrames.FORM, false, 0),
    /** Seed 000, the smart-inventory stream: its event names and fields, and JSON ping frames it answers. */
    SMART_INVENTORY("/stream/ws", SmartInventoryFrames.FORM, true, 0),
    /** Seed 004, the Go inventory socket: inventory updates and low-stock alerts only; 512-byte client messages. */
    INVENTORY_SOCKET("/ws/inventory", InventorySocketFrames.FORM, false, 512);

    static final List<String> PATHS = Arrays.stream(values()).map(dialect -> dialect.path).toList();
    static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    final String path;
    final OutFrame.Form<ByteBuffer> events;
    /** Besides WebSocket pings, a {@code {"type":"ping"}} frame its clients answer with {@code {"action":"pong"}}. */
    final boolean jsonPings;
    /** The longest client message, if the dialect sets one below {@code gateway.limits.max-message-chars}; else 0. */
    final int maxMessageChars;

    WebSocketDialect(String path, OutFrame.Form<ByteBuffer> events, boolean jsonPings, int maxMessageChars) {
        this.path = path;
        this.events = events;
        this.jsonPings = jsonPings;
        this.maxMessageChars = maxMessageChars;
    }

    int maxMessageChars(int configured) {
        return maxMessageChars > 0 ? Math.min(maxMessageChars, configured) : configured;
    }
}
