package dev.stockpulse.gateway.websocket;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stockpulse.gateway.room.Channel;
import dev.stockpulse.gateway.room.Subscriptions;

/**
 * Answers the client's text frames. A bad message gets an error frame and the connection stays up: a client with a
 * bug should see what it did wrong, not a reconnect loop.
 */
@ApplicationScoped
public class ClientActions {

    private static final String KNOWN_CHANNELS = Arrays.stream(Channel.values()).map(Channel::wireName)
            .collect(Collectors.joining(", "));

    private final ObjectMapper mapper;
    private final ServerFrames frames;

    public ClientActions(ObjectMapper mapper, ServerFrames frames) {
        this.mapper = mapper;
        this.frames = frames;
    }

    /** The frames to send back, in order. */
    public List<String> handle(String text, Subscriptions subscriptions) {
        JsonNode message;
        try {
            message = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return List.of(frames.error(ErrorCode.BAD_REQUEST, "The message is not valid JSON"));
        }
        if (message == null || !message.isObject()) {
            return List.of(frames.error(ErrorCode.BAD_REQUEST, "The message must be a JSON object with an \"action\""));
        }
        JsonNode action = message.get("action");
        if (action == null || !action.isTextual()) {
            return List.of(frames.error(ErrorCode.BAD_REQUEST, "\"action\" is required and must be a string"));
        }
        return switch (action.textValue()) {
            case "ping" -> List.of(frames.pong());
            case "subscribe" -> subscribe(message, subscriptions);
            case "unsubscribe" -> unsubscribe(message, subscriptions);
            default -> List.of(frames.error(ErrorCode.UNKNOWN_ACTION,
                    "Unknown action \"" + action.textValue() + "\"; known: ping, subscribe, unsubscribe"));
        };
    }

    private List<String> subscribe(JsonNode message, Subscriptions subscriptions) {
        return channel(message).map(channel -> {
            subscriptions.subscribe(channel);
            String ack = frames.ack("subscribed", channel);
            return message.hasNonNull("since") ? List.of(ack, frames.notRecovered(channel)) : List.of(ack);
        }).orElseGet(() -> List.of(channelError(message)));
    }

    private List<String> unsubscribe(JsonNode message, Subscriptions subscriptions) {
        return channel(message).map(channel -> {
            subscriptions.unsubscribe(channel);
            return List.of(frames.ack("unsubscribed", channel));
        }).orElseGet(() -> List.of(channelError(message)));
    }

    private static Optional<Channel> channel(JsonNode message) {
        JsonNode channel = message.get("channel");
        return channel != null && channel.isTextual() ? Channel.fromWire(channel.textValue()) : Optional.empty();
    }

    private String channelError(JsonNode message) {
        JsonNode channel = message.get("channel");
        if (channel == null || !channel.isTextual()) {
            return frames.error(ErrorCode.BAD_REQUEST, "\"channel\" is required and must be a string");
        }
        return frames.error(ErrorCode.UNKNOWN_CHANNEL, unknownChannelMessage(channel.textValue()));
    }

    static String unknownChannelMessage(String name) {
        return "Unknown channel \"" + name + "\"; known: " + KNOWN_CHANNELS;
    }
}
