package dev.stockpulse.gateway.dialect.socketio;

import java.nio.ByteBuffer;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.dialect.socketio.SeedEvents.Audience;
import dev.stockpulse.gateway.internal.VertxInternals;

/**
 * The Socket.IO form of an event frame: its events as Engine.IO packets ({@code 42["name",payload,"offset"]}), each
 * with the audience it is for and, ready for a WebSocket, as a whole text frame. Built once per event frame, on first
 * use by a Socket.IO connection, and shared by every Socket.IO connection the frame reaches; each connection only picks
 * the packets that are for it. The last argument of every event is its offset, the event's position, as Socket.IO's
 * connection state recovery expects it.
 */
final class SocketIoFrames {

    /** One packet of an event frame, for some of its recipients. */
    record Packet(Audience audience, String owner, byte[] text, ByteBuffer webSocketFrame) {

        boolean isFor(String userId, boolean adminSubscribed) {
            return switch (audience) {
                case EVERYONE -> true;
                case OWNER -> userId.equals(owner);
                case ADMINS -> adminSubscribed;
            };
        }
    }

    static final OutFrame.Form<List<Packet>> FORM = new OutFrame.Form<>() {
        @Override
        protected List<Packet> build(OutFrame frame) {
            return packets(frame);
        }
    };

    private SocketIoFrames() {
    }

    static List<Packet> packets(OutFrame frame) {
        ObjectMapper mapper = EventCodec.mapper();
        try {
            JsonNode json = mapper.readTree(frame.json());
            String owner = json.path("data").path("user_id").asText("");
            String offset = mapper.writeValueAsString(frame.position());
            return SeedEvents.of(json).stream().map(event -> {
                try {
                    byte[] text = SocketIoPackets.event(mapper.writeValueAsString(event.name()),
                            mapper.writeValueAsString(event.payload()) + "," + offset);
                    return new Packet(event.audience(), owner, text, VertxInternals.textFrame(text));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("An event frame the gateway encoded could not be read back", e);
        }
    }
}
