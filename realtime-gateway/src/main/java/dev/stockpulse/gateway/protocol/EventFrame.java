package dev.stockpulse.gateway.protocol;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.Priority;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.routing.Route;

/** The {@code event} frame a client receives. Encoded once per event and the same bytes sent to every recipient. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EventFrame(String type, String channel, String position, String eventId, String eventType,
        Instant timestamp, Priority priority, String tenantId, Object data) {

    /**
     * Written with the event contract's own mapper, so {@code data} is the payload exactly as the contract spells it
     * (snake_case, ISO-8601 instants, plain decimals).
     */
    public static OutFrame encode(Route route, String position, EventEnvelope<?> envelope) {
        var metadata = envelope.metadata();
        EventFrame frame = new EventFrame("event", route.channel().wireName(), position, metadata.eventId(),
                metadata.eventType(), metadata.timestamp(), metadata.priority(), metadata.tenantId(),
                envelope.payload());
        try {
            return new OutFrame(EventCodec.mapper().writeValueAsBytes(frame), metadata.eventType(), position);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A decoded event could not be written back as JSON: " + metadata.eventId(), e);
        }
    }
}
