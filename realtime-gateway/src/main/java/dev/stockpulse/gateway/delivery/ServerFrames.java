package dev.stockpulse.gateway.websocket;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.stockpulse.gateway.room.Channel;

/** The control frames of the protocol (everything but {@code event}), as the JSON text sent to the client. */
@ApplicationScoped
public class ServerFrames {

    private final ObjectMapper mapper;

    public ServerFrames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String welcome(String connectionId, ConnectedUser user, List<Channel> channels) {
        ObjectNode frame = frame("welcome")
                .put("connection_id", connectionId)
                .put("user_id", user.userId())
                .put("tenant_id", user.tenantId());
        ArrayNode rooms = frame.putArray("rooms");
        user.rooms().forEach(rooms::add);
        ArrayNode subscribed = frame.putArray("channels");
        channels.forEach(channel -> subscribed.add(channel.wireName()));
        return write(frame);
    }

    public String pong() {
        return write(frame("pong"));
    }

    /** {@code subscribed} or {@code unsubscribed}. */
    public String ack(String type, Channel channel) {
        return write(frame(type).put("channel", channel.wireName()));
    }

    /** The answer to a {@code since}: nothing can be replayed yet, so the client must reload over REST. */
    public String notRecovered(Channel channel) {
        return write(frame("recovery").put("channel", channel.wireName()).put("recovered", false));
    }

    public String error(ErrorCode code, String message) {
        return write(frame("error").put("code", code.wireName()).put("message", message));
    }

    private ObjectNode frame(String type) {
        return mapper.createObjectNode().put("type", type);
    }

    private String write(ObjectNode frame) {
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A frame built from plain values could not be written", e);
        }
    }
}
