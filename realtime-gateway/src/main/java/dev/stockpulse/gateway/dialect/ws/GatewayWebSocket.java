package dev.stockpulse.gateway.dialect.ws;

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

/**
 * The WebSocket endpoint of StockPulse's own protocol. {@code @Authenticated} secures the HTTP upgrade itself: without
 * a valid token there is no connection (401), and {@link TenantUpgradeCheck} has put the caller into the connection's
 * user data by the time {@link #onOpen} runs. Everything here is non-blocking and runs on the connection's event loop;
 * {@link WebSocketSessions} does the work, as for the other JSON-over-WebSocket dialects.
 */
@Authenticated
// SERIAL would give every connection a queue of its own (about 1.2 KiB of heap) to run callbacks one after the other.
// They already are: every callback here is non-blocking and synchronous, and websockets-next runs each one as a task
// on the connection's single event loop, in the order the frames arrived.
@WebSocket(path = GatewayWebSocket.PATH, inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class GatewayWebSocket {

    public static final String PATH = "/ws";

    private final WebSocketSessions sessions;

    public GatewayWebSocket(WebSocketSessions sessions) {
        this.sessions = sessions;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        sessions.open(connection, WebSocketDialect.NATIVE, null);
    }

    @OnTextMessage
    @NonBlocking
    public void onMessage(WebSocketConnection connection, String message) {
        sessions.message(connection, message, WebSocketDialect.NATIVE);
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
