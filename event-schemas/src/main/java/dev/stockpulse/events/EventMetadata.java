package dev.stockpulse.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The part of an event every consumer reads before the payload.
 *
 * @param eventId       unique per event and tenant; consumers deduplicate on it. Any text the
 *                      {@link Checks#eventId id rule} allows, so producers that follow the ERP document
 *                      ({@code "evt-123456"}) work; this build's own producers write UUIDs
 * @param eventType     a {@link EventType#wireName()}, or a newer type this build does not know yet
 * @param eventVersion  {@code major.minor}; a new major is a breaking change
 * @param correlationId the request that started the chain of events, if any
 * @param causationId   the event that caused this one, if any
 * @param userId        the one user the event is for, if any; required for {@link EventType#NOTIFICATION}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventMetadata(String eventId, String eventType, String eventVersion, Instant timestamp,
        String sourceService, String tenantId, String correlationId, String causationId,
        Priority priority, String userId) {

    /** The version this build writes; it reads every {@code 1.x}. */
    public static final String CURRENT_VERSION = "1.0";

    /**
     * The longest {@code event_id}, in characters (code points). Room for every common id scheme (a UUID is 36, a
     * ULID 26, prefixed ids such as {@code evt-…} or a producer's {@code topic-partition-offset} well under), and a
     * bound on what the dedupe ledgers index and the gateway keeps in memory per partition.
     */
    public static final int EVENT_ID_MAX_LENGTH = 128;

    private static final Pattern VERSION_FORMAT = Pattern.compile("\\d+\\.\\d+");

    public EventMetadata {
        Checks.eventId(eventId, "event_id");
        Checks.requiredText(eventType, "event_type");
        if (!VERSION_FORMAT.matcher(Checks.required(eventVersion, "event_version")).matches()) {
            throw new IllegalArgumentException("event_version must look like '1.0', was '" + eventVersion + "'");
        }
        Checks.required(timestamp, "timestamp");
        Checks.requiredText(sourceService, "source_service");
        Checks.tenantId(tenantId, "tenant_id");
        Checks.required(priority, "priority");
    }

    /** Metadata for a new event; the timestamp is cut to milliseconds because that is all most clients keep. */
    public static EventMetadata create(EventType type, String sourceService, String tenantId, String correlationId,
            Priority priority) {
        return new EventMetadata(UUID.randomUUID().toString(), Checks.required(type, "event_type").wireName(),
                CURRENT_VERSION, Instant.now().truncatedTo(ChronoUnit.MILLIS), sourceService, tenantId, correlationId,
                null, priority, null);
    }

    public EventMetadata withCausationId(String causationId) {
        return new EventMetadata(eventId, eventType, eventVersion, timestamp, sourceService, tenantId,
                correlationId, causationId, priority, userId);
    }

    public EventMetadata withUserId(String userId) {
        return new EventMetadata(eventId, eventType, eventVersion, timestamp, sourceService, tenantId,
                correlationId, causationId, priority, userId);
    }
}
