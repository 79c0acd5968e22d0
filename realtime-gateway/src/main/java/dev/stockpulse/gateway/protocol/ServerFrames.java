package dev.stockpulse.gateway.protocol;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.room.ConnectedUser;
import dev.stockpulse.gateway.core.routing.Channel;

/** The control frames of the protocol (everything but {@code event}), ready to queue. */
@ApplicationScoped
public class ServerFrames {

    private final ObjectMapper mapper;

    public ServerFrames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code position}: where this connection starts; a client that gets no event can still come back with it. */
    public OutFrame welcome(String connectionId, ConnectedUser user, List<Channel> channels, String position) {
        ObjectNode frame = frame("welcome")
                .put("connection_id", connectionId)
                .put("user_id", user.userId())
                .put("tenant_id", user.tenantId());
        ArrayNode rooms = frame.putArray("rooms");
        user.rooms().forEach(rooms::add);
        ArrayNode subscribed = frame.putArray("channels");
        channels.forEach(channel -> subscribed.add(channel.wireName()));
        frame.put("position", position);
        return write(frame);
    }

    public OutFrame pong() {
        return write(frame("pong"));
    }

    /** {@code subscribed} or {@code unsubscribed}. */
    public OutFrame ack(String type, Channel channel) {
        return write(frame(type).put("channel", channel.wireName()));
    }

    /**
     * The answer to a {@code since}. Recovered: the {@code replayed} missed events follow, then live ones. Not
     * recovered: some missed events are gone from the buffers; reload over REST.
     *
     * @param channel null when the position came with the connection rather than with one subscribe
     */
    public OutFrame recovery(Channel channel, boolean recovered, int replayed) {
        ObjectNode frame = frame("recovery");
        if (channel != null) {
            frame.put("channel", channel.wireName());
        }
        frame.put("recovered", recovered);
        if (recovered) {
            frame.put("replayed", replayed);
        }
        return write(frame);
    }

    public OutFrame authenticated(long expiresAtMillis) {
        return write(frame("authenticated").put("expires_at", expiresAtMillis / 1000));
    }

    public OutFrame stats(JsonNode stats) {
        ObjectNode frame = frame("stats");
        frame.set("stats", stats);
        return write(frame);
    }

    public OutFrame error(ErrorCode code, String message) {
        return write(frame("error").put("code", code.wireName()).put("message", message));
    }

    private ObjectNode frame(String type) {
        return mapper.createObjectNode().put("type", type);
    }

    private OutFrame write(ObjectNode frame) {
        try {
            return OutFrame.control(frame.get("type").asText(), mapper.writeValueAsString(frame));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A frame built from plain values could not be written", e);
        }
    }
}
