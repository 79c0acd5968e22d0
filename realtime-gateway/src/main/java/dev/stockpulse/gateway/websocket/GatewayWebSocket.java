package dev.stockpulse.gateway.websocket;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.security.Authenticated;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.gateway.config.GatewayConfig;
import dev.stockpulse.gateway.room.Channel;
import dev.stockpulse.gateway.room.ClientSession;
import dev.stockpulse.gateway.room.ConnectionRegistry;
import dev.stockpulse.gateway.room.Subscriptions;

/**
 * The WebSocket endpoint. {@code @Authenticated} secures the HTTP upgrade itself: without a valid token there is
 * no connection (401), and {@link TenantUpgradeCheck} has put the caller into the connection's user data by the
 * time {@link #onOpen} runs. Everything here is non-blocking and runs on the connection's event loop.
 */
@Authenticated
@WebSocket(path = GatewayWebSocket.PATH)
public class GatewayWebSocket {

    public static final String PATH = "/ws";

    private static final UserData.TypedKey<ClientSession> SESSION = new UserData.TypedKey<>(ClientSession.class.getName());

    private final ConnectionRegistry registry;
    private final ClientActions actions;
    private final ServerFrames frames;
    private final Set<Channel> defaultChannels;

    public GatewayWebSocket(ConnectionRegistry registry, ClientActions actions, ServerFrames frames,
            GatewayConfig config) {
        this.registry = registry;
        this.actions = actions;
        this.frames = frames;
        this.defaultChannels = config.websocket().defaultChannels();
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        ConnectedUser user = connection.userData().get(ConnectedUser.KEY);
        if (user == null) {
            return connection.close(CloseReason.INTERNAL_SERVER_ERROR);
        }
        List<String> requested = requestedChannels(connection.handshakeRequest().query());
        EnumSet<Channel> channels = EnumSet.noneOf(Channel.class);
        List<String> errors = new ArrayList<>();
        if (requested.isEmpty()) {
            channels.addAll(defaultChannels);
        }
        for (String name : requested) {
            Channel.fromWire(name).ifPresentOrElse(channels::add, () -> errors.add(
                    frames.error(ErrorCode.UNKNOWN_CHANNEL, ClientActions.unknownChannelMessage(name))));
        }
        ClientSession session = new ClientSession(connection, user.rooms(), new Subscriptions(channels));
        // Set before anything is sent: the client may act as soon as it is connected.
        connection.userData().put(SESSION, session);

        // Joined only once the welcome is written, so the welcome is always the first frame, before any event.
        Uni<Void> sent = connection.sendText(frames.welcome(connection.id(), user, session.subscriptions().current()))
                .invoke(() -> {
                    registry.join(session);
                    if (connection.isClosed()) {
                        registry.leave(connection.id());
                    }
                });
        for (String error : errors) {
            sent = sent.chain(() -> connection.sendText(error));
        }
        return sent;
    }

    @OnTextMessage
    public Multi<String> onMessage(WebSocketConnection connection, String message) {
        ClientSession session = connection.userData().get(SESSION);
        if (session == null) {
            // onOpen refused the connection and is closing it.
            return Multi.createFrom().empty();
        }
        return Multi.createFrom().iterable(actions.handle(message, session.subscriptions()));
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        registry.leave(connection.id());
    }

    /** {@code ?channels=stock,alerts}, also repeated ({@code ?channels=stock&channels=alerts}); blanks ignored. */
    static List<String> requestedChannels(String query) {
        if (query == null || query.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String value : new QueryStringDecoder(query, false).parameters().getOrDefault("channels", List.of())) {
            for (String name : value.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return names;
    }
}
