package dev.stockpulse.gateway.dialect.ws;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.channel.ChannelHandlerContext;
import io.quarkus.security.Authenticated;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

import dev.stockpulse.gateway.core.config.GatewayConfig;
import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.room.ClientSession;
import dev.stockpulse.gateway.core.room.ConnectedUser;
import dev.stockpulse.gateway.core.room.Sessions;
import dev.stockpulse.gateway.core.routing.Channel;
import dev.stockpulse.gateway.protocol.ClientActions;
import dev.stockpulse.gateway.protocol.ErrorCode;
import dev.stockpulse.gateway.protocol.ServerFrames;

/**
 * The WebSocket endpoint. {@code @Authenticated} secures the HTTP upgrade itself: without a valid token there is
 * no connection (401), and {@link TenantUpgradeCheck} has put the caller into the connection's user data by the
 * time {@link #onOpen} runs. Everything here is non-blocking and runs on the connection's event loop.
 */
@Authenticated
// SERIAL would give every connection a queue of its own (about 1.2 KiB of heap) to run callbacks one after the other.
// They already are: every callback here is non-blocking and synchronous, and websockets-next runs each one as a task
// on the connection's single event loop, in the order the frames arrived.
@WebSocket(path = GatewayWebSocket.PATH, inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class GatewayWebSocket {

    public static final String PATH = "/ws";

    private final ClientActions actions;
    private final ServerFrames frames;
    private final Sessions sessions;
    private final Set<Channel> defaultChannels;
    private final int maxMessageChars;

    public GatewayWebSocket(ClientActions actions, ServerFrames frames, Sessions sessions, GatewayConfig config) {
        this.actions = actions;
        this.frames = frames;
        this.sessions = sessions;
        this.defaultChannels = config.websocket().defaultChannels();
        this.maxMessageChars = config.limits().maxMessageChars();
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        // Taken out, not just read: the user data lives as long as the connection, and the session keeps both.
        ConnectedUser user = connection.userData().remove(ConnectedUser.KEY);
        ChannelHandlerContext channel = connection.userData().remove(WebSocketTransport.CHANNEL);
        if (user == null || channel == null) {
            connection.close(CloseReason.INTERNAL_SERVER_ERROR).subscribe().with(closed -> { }, failure -> { });
            return;
        }
        WebSocketTransport transport = new WebSocketTransport(connection, channel);
        Map<String, List<String>> query = query(connection.handshakeRequest().query());
        List<String> requested = requestedChannels(query);
        EnumSet<Channel> channels = EnumSet.noneOf(Channel.class);
        List<OutFrame> errors = new ArrayList<>();
        if (requested.isEmpty()) {
            channels.addAll(defaultChannels);
        }
        for (String name : requested) {
            Channel.fromWire(name).ifPresentOrElse(channels::add, () -> errors.add(
                    frames.error(ErrorCode.UNKNOWN_CHANNEL, ClientActions.unknownChannelMessage(name))));
        }
        List<String> since = query.getOrDefault("since", List.of());
        // The session is found again by the connection's id (sessions.find), not kept in the connection's user data,
        // which would cost an entry per connection.
        sessions.open(connection.id(), ClientSession.Kind.WEBSOCKET, user, channels, transport, errors,
                since.isEmpty() || since.get(0).isBlank() ? null : since.get(0));
    }

    @OnTextMessage
    @NonBlocking
    public void onMessage(WebSocketConnection connection, String message) {
        ClientSession session = sessions.find(connection.id());
        if (session == null) {
            // onOpen refused the connection and is closing it, or it is closed already.
            return;
        }
        long now = System.currentTimeMillis();
        session.heard(now);
        if (message.length() > maxMessageChars) {
            sessions.close(session, CloseCode.MESSAGE_TOO_BIG);
            return;
        }
        if (!session.tryAct(System.nanoTime())) {
            sessions.close(session, CloseCode.RATE_LIMITED);
            return;
        }
        actions.handle(message, session);
    }

    @OnPongMessage
    @NonBlocking
    public void onPong(WebSocketConnection connection, Buffer data) {
        ClientSession session = sessions.find(connection.id());
        if (session != null) {
            session.heard(System.currentTimeMillis());
        }
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        sessions.closed(connection.id());
    }

    static Map<String, List<String>> query(String query) {
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        return new QueryStringDecoder(query, false).parameters();
    }

    /** {@code ?channels=stock,alerts}, also repeated ({@code ?channels=stock&channels=alerts}); blanks ignored. */
    static List<String> requestedChannels(Map<String, List<String>> query) {
        List<String> names = new ArrayList<>();
        for (String value : query.getOrDefault("channels", List.of())) {
            for (String name : value.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return names;
    }
}
