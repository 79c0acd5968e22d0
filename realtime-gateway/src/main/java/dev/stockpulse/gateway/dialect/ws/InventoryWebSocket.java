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
 * Seed 004's Go inventory socket, {@code /ws/inventory}: {@code inventory_update} and {@code low_stock_alert}
 * messages ({@link InventorySocketFrames}) of the token's tenant, WebSocket pings, client messages of at most 512
 * characters, the origin check; {@code ?since=} recovers what a client missed, with the {@code position} each message
 * carries.
 */
@Authenticated
@WebSocket(path = InventoryWebSocket.PATH, inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class InventoryWebSocket {

    public static final String PATH = "/ws/inventory";

    /** What the Go socket sent: stock movements and product changes, and low-stock alerts. */
    private static final Set<Channel> CHANNELS = Set.of(Channel.STOCK, Channel.PRODUCTS);

    private final WebSocketSessions sessions;

    public InventoryWebSocket(WebSocketSessions sessions) {
        this.sessions = sessions;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        sessions.open(connection, WebSocketDialect.INVENTORY_SOCKET, CHANNELS);
    }

    @OnTextMessage
    @NonBlocking
    public void onMessage(WebSocketConnection connection, String message) {
        sessions.message(connection, message, WebSocketDialect.INVENTORY_SOCKET);
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
