package dev.stockpulse.sales.outbox;

import java.util.UUID;

import dev.stockpulse.events.EventEnvelope;

/**
 * What led to a change, carried into the events it publishes.
 *
 * @param correlationId the request that started the chain (from {@code X-Correlation-Id}, or the incoming event's)
 * @param causationId   the event that caused the change, if any
 * @param actor         the person who made the change, if a person did (JWT subject); null for automatic changes
 */
public record Cause(String tenantId, String correlationId, String causationId, String actor) {

    /** A change caused by an incoming event; without a correlation id of its own, the event's id correlates. */
    public static Cause of(EventEnvelope<?> event) {
        String eventId = event.metadata().eventId();
        String correlation = event.metadata().correlationId();
        return new Cause(event.metadata().tenantId(), correlation == null || correlation.isBlank() ? eventId : correlation,
                eventId, null);
    }

    /** A change a person asked for over REST. */
    public static Cause ofRequest(String tenantId, String correlationIdHeader, String userId) {
        return new Cause(tenantId, correlationIdHeader == null || correlationIdHeader.isBlank()
                ? UUID.randomUUID().toString() : correlationIdHeader, null, userId);
    }

    /** A change a schedule made (the dead-stock scan). */
    public static Cause scheduled(String tenantId, String what) {
        return new Cause(tenantId, what + "-" + UUID.randomUUID(), null, null);
    }
}
