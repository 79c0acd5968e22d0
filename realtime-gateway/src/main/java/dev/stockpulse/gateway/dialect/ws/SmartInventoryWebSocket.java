package dev.stockpulse.gateway.dialect.ws;

import java.util.Set;

import io.quarkus.security.Authenticated;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

import dev.stockpulse.gateway.core.routing.Channel;

/**
 * Seed 000's stream, {@code /stream/ws?channels=orders,stock,alerts}: the smart-inventory document's frames
 * ({@link SmartInventoryFrames}), its client actions ({@code subscribe}, {@code unsubscribe} with a {@code channel},
 * {@code {"action":"pong"}} to the server's {@code {"type":"ping"}}), all channels when none is named, as the document
 * says; and StockPulse's token, rooms, limits and {@code since} recovery under it.
 */
@Authenticated
@WebSocket(path = SmartInventoryWebSocket.PATH, inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class SmartInventoryWebSocket {

    public static final String PATH = "/stream/ws";

    private final WebSocketSessions sessions;

    public SmartInventoryWebSocket(WebSocketSessions sessions) {
        this.sessions = sessions;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        sessions.open(connection, WebSocketDialect.SMART_INVENTORY, Set.of(Channel.ALL));
    }

    @OnTextMessage
    @NonBlocking
    public void onMessage(WebSocketConnection connection, String message) {
        sessions.message(connection, message, WebSocketDialect.SMART_INVENTORY);
    }

    @OnPongMessage
    @NonBlocking
    public void onPong(WebSocketConnection connection, Buffer data) {
        sessions.pong(connection);
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        sessions.closed(connection);
    }
}
