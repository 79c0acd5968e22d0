package dev.stockpulse.gateway.dialect.socketio;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.core.delivery.OutFrame;

/**
 * The core's control frames (in the JSON protocol of {@code /ws}) as Socket.IO packets, for one connection: the welcome
 * becomes the connect answer and {@code connection:success}, a recovery's outcome decides the pid of the connect
 * answer, errors become {@code error} events. Frames that mean nothing to a Socket.IO client (acknowledgements of
 * {@code /ws} actions) are dropped; {@code request:stats} is answered by the endpoint itself.
 */
final class ControlFrames {

    private static final ObjectMapper MAPPER = EventCodec.mapper();

    private ControlFrames() {
    }

    static List<byte[]> translate(OutFrame frame, EngineSession session) {
        JsonNode json = read(frame.json());
        return switch (frame.type()) {
            case "welcome" -> session.welcomed(connectionSuccess(json, session));
            case "recovery" -> session.awaitingRecovery
                    ? session.connectAnswer(json.path("recovered").asBoolean())
                    : List.of();
            // While connecting, the only error is a position that cannot be read: the new pid says it all.
            case "error" -> session.awaitingRecovery ? List.of() : List.of(event("error", errorPayload(json)));
            default -> List.of();
        };
    }

    /** {@code stockpulse:close}: why the gateway is closing the connection, with the code {@code /ws} would use. */
    static byte[] closeEvent(CloseCode code) {
        ObjectNode payload = MAPPER.createObjectNode().put("code", code.code()).put("reason", code.reason());
        return event("stockpulse:close", payload);
    }

    static byte[] event(String name, JsonNode payload) {
        return SocketIoPackets.event(quote(name), write(payload));
    }

    static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode errorPayload(String code, String message) {
        return MAPPER.createObjectNode().put("code", code).put("message", message);
    }

    private static ObjectNode errorPayload(JsonNode json) {
        return errorPayload(json.path("code").asText(), json.path("message").asText());
    }

    private static ObjectNode connectionSuccess(JsonNode welcome, EngineSession session) {
        ObjectNode payload = MAPPER.createObjectNode();
        payload.put("socketId", session.sid);
        payload.set("userId", welcome.path("user_id"));
        payload.set("tenantId", welcome.path("tenant_id"));
        payload.set("rooms", welcome.path("rooms"));
        payload.set("channels", welcome.path("channels"));
        payload.set("position", welcome.path("position"));
        payload.put("timestamp", java.time.Instant.now().toString());
        return payload;
    }

    private static JsonNode read(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("A control frame the gateway wrote could not be read back", e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
