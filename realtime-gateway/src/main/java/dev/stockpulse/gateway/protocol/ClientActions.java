package dev.stockpulse.gateway.protocol;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.gateway.core.room.ClientSession;
import dev.stockpulse.gateway.core.room.ConnectedUser;
import dev.stockpulse.gateway.core.room.RoomFanOut;
import dev.stockpulse.gateway.core.routing.Channel;
import dev.stockpulse.gateway.core.stats.StatsService;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Answers the client's text frames. A bad message gets an error frame and the connection stays up: a client with a
 * bug should see what it did wrong, not a reconnect loop. Answers are queued in the connection's outbox, behind
 * whatever events are already waiting, so they arrive in order.
 */
@ApplicationScoped
public class ClientActions {

    private static final String KNOWN_CHANNELS = Arrays.stream(Channel.values()).map(Channel::wireName)
            .collect(Collectors.joining(", "));

    private final ObjectMapper mapper;
    private final ServerFrames frames;
    private final RoomFanOut fanOut;
    private final JWTParser jwtParser;
    private final StatsService stats;

    public ClientActions(ObjectMapper mapper, ServerFrames frames, RoomFanOut fanOut, JWTParser jwtParser,
            StatsService stats) {
        this.mapper = mapper;
        this.frames = frames;
        this.fanOut = fanOut;
        this.jwtParser = jwtParser;
        this.stats = stats;
    }

    public void handle(String text, ClientSession session) {
        JsonNode message;
        try {
            message = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            error(session, ErrorCode.BAD_REQUEST, "The message is not valid JSON");
            return;
        }
        if (message == null || !message.isObject()) {
            error(session, ErrorCode.BAD_REQUEST, "The message must be a JSON object with an \"action\"");
            return;
        }
        JsonNode action = message.get("action");
        if (action == null || !action.isTextual()) {
            error(session, ErrorCode.BAD_REQUEST, "\"action\" is required and must be a string");
            return;
        }
        switch (action.textValue()) {
            case "ping" -> session.send(frames.pong());
            // The answer to a {"type":"ping"} frame (seed 000's keep-alive): being heard is all it does.
            case "pong" -> {
            }
            case "subscribe" -> subscribe(message, session);
            case "unsubscribe" -> unsubscribe(message, session);
            case "auth" -> authenticate(message, session);
            case "stats" -> stats(session);
            default -> error(session, ErrorCode.UNKNOWN_ACTION, "Unknown action \"" + action.textValue()
                    + "\"; known: ping, pong, subscribe, unsubscribe, auth, stats");
        }
    }

    private void subscribe(JsonNode message, ClientSession session) {
        Optional<Channel> channel = channel(message);
        if (channel.isEmpty()) {
            channelError(message, session);
            return;
        }
        JsonNode since = message.get("since");
        if (since != null && !since.isNull() && !since.isTextual()) {
            error(session, ErrorCode.BAD_REQUEST, "\"since\" must be a position string");
            return;
        }
        fanOut.subscribe(session, channel.get(), since == null || since.isNull() ? null : since.textValue());
    }

    private void unsubscribe(JsonNode message, ClientSession session) {
        Optional<Channel> channel = channel(message);
        if (channel.isEmpty()) {
            channelError(message, session);
            return;
        }
        session.subscriptions().unsubscribe(channel.get());
        session.send(frames.ack("unsubscribed", channel.get()));
    }

    /** A fresh token keeps the connection past the old token's expiry; it must be the same user with the same rights. */
    private void authenticate(JsonNode message, ClientSession session) {
        JsonNode token = message.get("token");
        if (token == null || !token.isTextual() || token.textValue().isBlank()) {
            error(session, ErrorCode.BAD_REQUEST, "\"token\" is required and must be a string");
            return;
        }
        JsonWebToken jwt;
        try {
            jwt = jwtParser.parse(token.textValue());
        } catch (ParseException e) {
            error(session, ErrorCode.INVALID_TOKEN, "The token is not valid: expired, or not signed by a trusted issuer");
            return;
        }
        ConnectedUser refreshed = ConnectedUser.of(jwt, jwt.getGroups() != null
                && jwt.getGroups().contains(Caller.ROLE_ADMIN));
        if (refreshed == null || !session.user().sameIdentity(refreshed)) {
            error(session, ErrorCode.FORBIDDEN,
                    "The token is for another user, tenant or role; open a new connection for it");
            return;
        }
        session.refresh(refreshed);
        session.send(frames.authenticated(refreshed.expiresAtMillis()));
    }

    private void stats(ClientSession session) {
        if (!session.user().admin()) {
            error(session, ErrorCode.FORBIDDEN, "Only admins may ask for stats");
            return;
        }
        session.send(frames.stats(mapper.valueToTree(stats.stats(session.user().tenantId()))));
    }

    private static Optional<Channel> channel(JsonNode message) {
        JsonNode channel = message.get("channel");
        return channel != null && channel.isTextual() ? Channel.fromWire(channel.textValue()) : Optional.empty();
    }

    private void channelError(JsonNode message, ClientSession session) {
        JsonNode channel = message.get("channel");
        if (channel == null || !channel.isTextual()) {
            error(session, ErrorCode.BAD_REQUEST, "\"channel\" is required and must be a string");
            return;
        }
        error(session, ErrorCode.UNKNOWN_CHANNEL, unknownChannelMessage(channel.textValue()));
    }

    private void error(ClientSession session, ErrorCode code, String message) {
        session.send(frames.error(code, message));
    }

    public static String unknownChannelMessage(String name) {
        return "Unknown channel \"" + name + "\"; known: " + KNOWN_CHANNELS;
    }
}
