package dev.stockpulse.gateway.dialect.ws;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

import dev.stockpulse.gateway.core.config.GatewayConfig;
import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.room.ClientSession;
import dev.stockpulse.gateway.core.room.ConnectedUser;
import dev.stockpulse.gateway.core.room.Sessions;
import dev.stockpulse.gateway.core.routing.Channel;
import dev.stockpulse.gateway.internal.VertxInternals.RawChannel;
import dev.stockpulse.gateway.internal.VertxInternals;
import dev.stockpulse.gateway.protocol.ClientActions;
import dev.stockpulse.gateway.protocol.ErrorCode;
import dev.stockpulse.gateway.protocol.ServerFrames;

/**
 * What every JSON-over-WebSocket dialect's endpoint does, whatever its path: opens the core session with the user the
 * upgrade check admitted, the channels of the query ({@code ?channels=stock,alerts}, also repeated) and a
 * {@code since}; hands client messages to the protocol's actions under the rate limit and the dialect's size limit;
 * counts pongs and any message as signs of life. Everything runs on the connection's event loop.
 */
@ApplicationScoped
public class WebSocketSessions {

    private final ClientActions actions;
    private final ServerFrames frames;
    private final Sessions sessions;
    private final Set<Channel> defaultChannels;
    private final int maxMessageChars;

    public WebSocketSessions(ClientActions actions, ServerFrames frames, Sessions sessions, GatewayConfig config) {
        this.actions = actions;
        this.frames = frames;
        this.sessions = sessions;
        this.defaultChannels = config.websocket().defaultChannels();
        this.maxMessageChars = config.limits().maxMessageChars();
    }

    /** @param defaults the channels of a connection that names none; null for the configured default */
    void open(WebSocketConnection connection, WebSocketDialect dialect, Set<Channel> defaults) {
        // Taken out, not just read: the user data lives as long as the connection, and the session keeps both.
        ConnectedUser user = connection.userData().remove(ConnectedUser.KEY);
        RawChannel channel = connection.userData().remove(WebSocketTransport.CHANNEL);
        if (user == null || channel == null) {
            connection.close(CloseReason.INTERNAL_SERVER_ERROR).subscribe().with(closed -> { }, failure -> { });
            return;
        }
        WebSocketTransport transport = new WebSocketTransport(connection, channel, dialect);
        Map<String, List<String>> query = VertxInternals.queryParameters(connection.handshakeRequest().query());
        List<String> requested = requestedChannels(query);
        EnumSet<Channel> channels = EnumSet.noneOf(Channel.class);
        List<OutFrame> errors = new ArrayList<>();
        if (requested.isEmpty()) {
            channels.addAll(defaults != null ? defaults : defaultChannels);
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

    void message(WebSocketConnection connection, String message, WebSocketDialect dialect) {
        ClientSession session = sessions.find(connection.id());
        if (session == null) {
            // open refused the connection and is closing it, or it is closed already.
            return;
        }
        long now = System.currentTimeMillis();
        session.heard(now);
        if (message.length() > dialect.maxMessageChars(maxMessageChars)) {
            sessions.close(session, CloseCode.MESSAGE_TOO_BIG);
            return;
        }
        if (!session.tryAct(System.nanoTime())) {
            sessions.close(session, CloseCode.RATE_LIMITED);
            return;
        }
        actions.handle(message, session);
    }

    void pong(WebSocketConnection connection) {
        ClientSession session = sessions.find(connection.id());
        if (session != null) {
            session.heard(System.currentTimeMillis());
        }
    }

    void closed(WebSocketConnection connection) {
        sessions.closed(connection.id());
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
