package dev.stockpulse.gateway.dialect.socketio;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.stockpulse.gateway.core.access.ConnectionEndpoint;
import dev.stockpulse.gateway.core.access.OriginPolicy;
import dev.stockpulse.gateway.core.config.GatewayConfig;
import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.core.room.ClientSession;
import dev.stockpulse.gateway.core.room.ConnectedUser;
import dev.stockpulse.gateway.core.room.RoomFanOut;
import dev.stockpulse.gateway.core.room.Sessions;
import dev.stockpulse.gateway.core.routing.Channel;
import dev.stockpulse.gateway.core.stats.StatsService;
import dev.stockpulse.gateway.dialect.socketio.SocketIoPackets.Packet;
import dev.stockpulse.gateway.internal.VertxInternals;
import dev.stockpulse.gateway.internal.VertxInternals.RawChannel;

/**
 * {@code /socket.io/}: the gateway for {@code socket.io-client} 4.x (Engine.IO v4, Socket.IO v5), on HTTP long-polling
 * with upgrade to WebSocket (the client's default) or on a WebSocket from the start. The token comes in the connect
 * packet's {@code auth.token}, the {@code token} or {@code access_token} query parameter, or the Authorization header,
 * and is verified exactly as on {@code /ws}; a client gets the same rooms, limits and recovery as there, under the
 * event names of seed 002 and 003 ({@link SeedEvents}). Engine.IO sessions live on the instance that opened them: a
 * polling client's requests must reach it (see the README), a WebSocket client needs nothing.
 */
@ApplicationScoped
public class SocketIoEndpoint implements ConnectionEndpoint, EngineSessions {

    public static final String PATH = "/socket.io/";
    static final String CLOSE_EVENT = "stockpulse:close";

    private static final Logger LOG = Logger.getLogger(SocketIoEndpoint.class);
    private static final String BEARER = "Bearer ";
    /** Seed 002 spells its stats in camelCase ({@code totalConnections}, {@code userConnections}), as Java does. */
    private static final ObjectMapper CAMEL_CASE = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Sessions sessions;
    private final RoomFanOut fanOut;
    private final StatsService stats;
    private final IdentityProviderManager identities;
    private final ObjectMapper mapper;
    private final OriginPolicy origins;
    private final Vertx vertx;
    private final long pingIntervalMillis;
    private final long pingTimeoutMillis;
    private final int maxMessageChars;
    private final Map<String, EngineSession> engines = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public SocketIoEndpoint(Sessions sessions, RoomFanOut fanOut, StatsService stats,
            IdentityProviderManager identities, ObjectMapper mapper, GatewayConfig config, Vertx vertx) {
        this.sessions = sessions;
        this.fanOut = fanOut;
        this.stats = stats;
        this.identities = identities;
        this.mapper = mapper;
        this.vertx = vertx;
        this.origins = new OriginPolicy(config.websocket().allowedOrigins());
        this.pingIntervalMillis = config.websocket().pingInterval().toMillis();
        this.pingTimeoutMillis = config.websocket().pingTimeout().toMillis();
        this.maxMessageChars = config.limits().maxMessageChars();
    }

    @Override
    public List<String> paths() {
        return List.of(PATH);
    }

    void routes(@Observes Router router) {
        router.route(PATH).handler(this::handle);
    }

    // ---- HTTP

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (!origins.allows(origin)) {
            response.setStatusCode(403).end();
            return;
        }
        if (origin != null) {
            response.putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Access-Control-Allow-Credentials", "true")
                    .putHeader("Vary", "Origin");
        }
        if (request.method() == HttpMethod.OPTIONS) {
            response.putHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                    .putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type")
                    .setStatusCode(204).end();
            return;
        }
        if (!"4".equals(request.getParam("EIO"))) {
            badRequest(response, 5, "Unsupported protocol version");
            return;
        }
        String transport = request.getParam("transport");
        if (!"polling".equals(transport) && !"websocket".equals(transport)) {
            badRequest(response, 0, "Transport unknown");
            return;
        }
        String sid = request.getParam("sid");
        if (sid == null) {
            // A Socket.IO client retries a failed handshake by itself, but not a refused connect: refuse here.
            if (!fanOut.isLive() || !sessions.accepting()) {
                response.setStatusCode(503).putHeader("Retry-After", "5").end();
            } else if ("websocket".equals(transport)) {
                upgrade(request, null);
            } else if (request.method() == HttpMethod.GET) {
                EngineSession session = open(request);
                answer(response, Buffer.buffer(SocketIoPackets.open(session.sid, true, pingIntervalMillis,
                        pingTimeoutMillis, maxMessageChars)));
            } else {
                badRequest(response, 3, "Bad request");
            }
            return;
        }
        EngineSession session = engines.get(sid);
        if (session == null) {
            badRequest(response, 1, "Session ID unknown");
        } else if ("websocket".equals(transport)) {
            upgrade(request, session);
        } else if (session.onWebSocket()) {
            badRequest(response, 3, "Bad request");
        } else if (request.method() == HttpMethod.GET) {
            session.execute(() -> session.poll(response));
        } else if (request.method() == HttpMethod.POST) {
            post(request, session);
        } else {
            badRequest(response, 2, "Bad handshake method");
        }
    }

    /** A new Engine.IO session on this request's event loop; it must connect within a heartbeat, or it is dropped. */
    private EngineSession open(HttpServerRequest request) {
        EngineSession session = new EngineSession(newId(), Vertx.currentContext(), this);
        session.handshakeToken = handshakeToken(request);
        session.claimedUserId = request.getParam("userId");
        engines.put(session.sid, session);
        vertx.setTimer(pingIntervalMillis + pingTimeoutMillis, ignored -> session.execute(() -> {
            if (!session.isConnected() && !session.isClosed()) {
                session.end(null);
            }
        }));
        return session;
    }

    private void post(HttpServerRequest request, EngineSession session) {
        Buffer body = Buffer.buffer();
        int limit = maxMessageChars * 4 + 1024;
        request.handler(chunk -> {
            if (body.length() + chunk.length() > limit) {
                request.handler(null);
                session.execute(() -> tooBig(session));
                badRequest(request.response(), 3, "Payload too large");
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(ignored -> {
            if (request.response().ended()) {
                return;
            }
            String text = body.toString(StandardCharsets.UTF_8);
            session.execute(() -> {
                for (String packet : text.split(String.valueOf(SocketIoPackets.SEPARATOR), -1)) {
                    if (session.isClosed()) {
                        break;
                    }
                    receive(session, packet);
                }
            });
            request.response().putHeader("Content-Type", "text/html").end("ok");
        });
    }

    /**
     * A WebSocket, either opening a session of its own or taking over a polling one: then the client probes it
     * ({@code 2probe}, answered {@code 3probe}), the held poll is answered with a noop, and the client's {@code 5}
     * moves the session onto the WebSocket.
     */
    private void upgrade(HttpServerRequest request, EngineSession existing) {
        RawChannel raw = VertxInternals.channelOf(request);
        EngineSession opening = existing == null ? open(request) : null;
        request.toWebSocket().onFailure(failure -> {
            LOG.debugf("Socket.IO upgrade failed: %s", failure.getMessage());
            if (opening != null) {
                opening.execute(() -> opening.end(null));
            }
        }).onSuccess(socket -> {
            if (raw == null) {
                socket.close((short) 1011, "unsupported connection");
                return;
            }
            raw.removeIdleTimeout();
            if (opening != null) {
                opening.execute(() -> {
                    opening.openedOn(socket, raw);
                    opening.reply(ControlFrames.utf8(SocketIoPackets.open(opening.sid, false, pingIntervalMillis,
                            pingTimeoutMillis, maxMessageChars)));
                });
                listen(socket, opening, raw, true);
            } else {
                listen(socket, existing, raw, false);
            }
        });
    }

    private void listen(ServerWebSocket socket, EngineSession session, RawChannel raw, boolean carrying) {
        boolean[] upgraded = {carrying};
        socket.textMessageHandler(text -> session.execute(() -> {
            if (upgraded[0]) {
                receive(session, text);
            } else if ("2probe".equals(text)) {
                socket.writeTextMessage("3probe");
            } else if (text.length() == 1 && text.charAt(0) == SocketIoPackets.UPGRADE) {
                upgraded[0] = true;
                raw.removeIdleTimeout();
                session.upgraded(socket, raw);
            }
        }));
        socket.closeHandler(ignored -> session.execute(() -> {
            if (upgraded[0]) {
                session.end(null);
            }
        }));
    }

    @Override
    public void answer(HttpServerResponse response, Buffer body) {
        if (!response.ended() && !response.closed()) {
            response.putHeader("Content-Type", "text/plain; charset=UTF-8").putHeader("Cache-Control", "no-store")
                    .end(body);
        }
    }

    @Override
    public void badRequest(HttpServerResponse response, int code, String message) {
        if (!response.ended() && !response.closed()) {
            response.setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
        }
    }

    // ---- Engine.IO and Socket.IO packets from the client, on the session's event loop

    private void receive(EngineSession session, String text) {
        if (text.isEmpty()) {
            return;
        }
        ClientSession client = sessions.find(session.sid);
        if (client != null) {
            client.heard(System.currentTimeMillis());
        }
        switch (text.charAt(0)) {
            case SocketIoPackets.PONG, SocketIoPackets.NOOP, SocketIoPackets.UPGRADE -> {
            }
            case SocketIoPackets.CLOSE -> session.end(null);
            case SocketIoPackets.PING -> session.reply(ControlFrames.utf8(SocketIoPackets.PONG + text.substring(1)));
            case SocketIoPackets.MESSAGE -> message(session, client, text.substring(1));
            default -> LOG.debugf("Socket.IO session %s sent an unknown Engine.IO packet", session.sid);
        }
    }

    private void message(EngineSession session, ClientSession client, String text) {
        if (text.length() > maxMessageChars) {
            tooBig(session);
            return;
        }
        Packet packet;
        try {
            packet = SocketIoPackets.parse(text);
        } catch (IllegalArgumentException e) {
            session.reply(ControlFrames.event("error", ControlFrames.errorPayload("bad_request", e.getMessage())));
            return;
        }
        switch (packet.type()) {
            case SocketIoPackets.CONNECT -> connect(session, packet);
            case SocketIoPackets.DISCONNECT -> session.end(null);
            case SocketIoPackets.EVENT -> {
                if (client == null || !session.isConnected()) {
                    return;
                }
                if (!client.tryAct(System.nanoTime())) {
                    sessions.close(client, CloseCode.RATE_LIMITED);
                    return;
                }
                event(session, client, packet);
            }
            default -> {
                // Acknowledgements of the server's events: the gateway asks for none.
            }
        }
    }

    private void tooBig(EngineSession session) {
        ClientSession client = sessions.find(session.sid);
        if (client != null) {
            sessions.close(client, CloseCode.MESSAGE_TOO_BIG);
        } else {
            session.end(CloseCode.MESSAGE_TOO_BIG);
        }
    }

    /**
     * {@code 40{"token":…}}: verifies the token (from the packet, else from the handshake), checks a claimed userId
     * against it, and opens the core session with the offset the client came back with, if any.
     */
    private void connect(EngineSession session, Packet packet) {
        if (!SocketIoPackets.MAIN_NAMESPACE.equals(packet.namespace())) {
            session.reply(ControlFrames.utf8(SocketIoPackets.connectError(packet.namespace(),
                    ControlFrames.quote("Invalid namespace: only \"/\" is served"))));
            return;
        }
        if (session.user != null || session.connecting) {
            return;
        }
        JsonNode auth;
        try {
            auth = packet.json() == null ? mapper.createObjectNode() : mapper.readTree(packet.json());
        } catch (java.io.IOException e) {
            refuse(session, "The connect payload is not JSON");
            return;
        }
        String token = text(auth, "token");
        if (token == null) {
            token = session.handshakeToken;
        }
        if (token == null) {
            refuse(session, "Authentication required: send the token as auth.token, as the token or access_token "
                    + "query parameter, or in an Authorization header");
            return;
        }
        String claimed = text(auth, "userId") != null ? text(auth, "userId") : session.claimedUserId;
        String pid = text(auth, "pid");
        String offset = text(auth, "offset");
        session.connecting = true;
        identities.authenticate(new TokenAuthenticationRequest(new JsonWebTokenCredential(token))).subscribe().with(
                identity -> session.execute(() -> connected(session, identity, claimed, pid, offset)),
                failure -> session.execute(() -> {
                    session.connecting = false;
                    refuse(session, "Invalid token: " + failure.getMessage());
                }));
    }

    private void connected(EngineSession session, SecurityIdentity identity, String claimed, String pid,
            String offset) {
        session.connecting = false;
        if (session.isClosed()) {
            return;
        }
        ConnectedUser user = ConnectedUser.of(identity);
        if (user == null) {
            refuse(session, "The token names no user or no tenant");
            return;
        }
        if (claimed != null && !claimed.equals(user.userId())) {
            refuse(session, "userId \"" + claimed + "\" is not the token's user");
            return;
        }
        session.user = user;
        session.returningPid = pid;
        session.awaitingRecovery = offset != null;
        sessions.open(session.sid, ClientSession.Kind.SOCKET_IO, user, EnumSet.of(Channel.ALL), session, List.of(),
                offset);
    }

    private static void refuse(EngineSession session, String message) {
        session.reply(ControlFrames.utf8(SocketIoPackets.connectError(SocketIoPackets.MAIN_NAMESPACE,
                ControlFrames.quote(message))));
    }

    /** The client events of seed 002, answered with an acknowledgement when the client asked for one. */
    private void event(EngineSession session, ClientSession client, Packet packet) {
        JsonNode arguments;
        try {
            arguments = packet.json() == null ? null : mapper.readTree(packet.json());
        } catch (java.io.IOException e) {
            arguments = null;
        }
        if (arguments == null || !arguments.isArray() || !arguments.path(0).isTextual()) {
            error(session, packet, "bad_request", "An event is a JSON array whose first element is its name");
            return;
        }
        String name = arguments.path(0).asText();
        switch (name) {
            case "subscribe:orders" -> succeed(session, packet, mapper.createObjectNode().put("success", true)
                    .put("channel", Channel.ORDERS.wireName()));
            case "subscribe:admin" -> {
                if (!client.user().admin()) {
                    error(session, packet, "forbidden", "Only admins may subscribe:admin");
                    return;
                }
                session.adminSubscribed = true;
                succeed(session, packet, mapper.createObjectNode().put("success", true).put("room", "admin"));
            }
            case "request:stats" -> {
                if (!client.user().admin()) {
                    error(session, packet, "forbidden", "Only admins may request:stats");
                    return;
                }
                JsonNode current = CAMEL_CASE.valueToTree(stats.stats(client.user().tenantId()));
                session.reply(ControlFrames.event("stats", current));
                if (packet.ackId() >= 0) {
                    session.reply(ControlFrames.utf8(SocketIoPackets.ack(packet.ackId(),
                            ControlFrames.write(current))));
                }
            }
            default -> error(session, packet, "unknown_event", "Unknown event \"" + name
                    + "\"; known: subscribe:orders, subscribe:admin, request:stats");
        }
    }

    private static void succeed(EngineSession session, Packet packet, ObjectNode result) {
        if (packet.ackId() >= 0) {
            session.reply(ControlFrames.utf8(SocketIoPackets.ack(packet.ackId(), ControlFrames.write(result))));
        }
    }

    private void error(EngineSession session, Packet packet, String code, String message) {
        ObjectNode payload = ControlFrames.errorPayload(code, message);
        session.reply(ControlFrames.event("error", payload));
        if (packet.ackId() >= 0) {
            ObjectNode result = mapper.createObjectNode().put("success", false);
            result.set("error", payload);
            session.reply(ControlFrames.utf8(SocketIoPackets.ack(packet.ackId(), ControlFrames.write(result))));
        }
    }

    // ---- EngineSessions

    @Override
    public String newPid() {
        return newId();
    }

    @Override
    public void ended(EngineSession session) {
        engines.remove(session.sid, session);
        sessions.closed(session.sid);
    }

    private String newId() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String handshakeToken(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return nonBlank(authorization.substring(BEARER.length()).trim());
        }
        String token = nonBlank(request.getParam("token"));
        return token != null ? token : nonBlank(request.getParam("access_token"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? nonBlank(value.asText()) : null;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
