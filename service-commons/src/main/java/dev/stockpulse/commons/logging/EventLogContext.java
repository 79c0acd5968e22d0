package dev.stockpulse.commons.logging;

import org.apache.kafka.common.header.Headers;
import org.jboss.logging.MDC;

import dev.stockpulse.commons.messaging.HeaderText;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventMetadata;

/**
 * Puts the event being handled into the logging context (MDC), so every log line written while handling it carries
 * {@code event_id}, {@code tenant_id} and {@code event_type}: as fields of the JSON log in prod, and where the
 * readable pattern asks for them in dev. On a Vert.x duplicated context (each Kafka record gets one) Quarkus keeps
 * the MDC in that context, so it follows the record across asynchronous steps and never leaks into another record.
 */
public final class EventLogContext {

    public static final String EVENT_ID = "event_id";
    public static final String TENANT_ID = "tenant_id";
    public static final String EVENT_TYPE = "event_type";

    private EventLogContext() {
    }

    public static void enter(EventMetadata metadata) {
        put(EVENT_ID, metadata.eventId());
        put(TENANT_ID, metadata.tenantId());
        put(EVENT_TYPE, metadata.eventType());
    }

    /** For a record that could not be decoded: what its headers say (the producer's outbox writes them). */
    public static void enter(Headers headers) {
        put(EVENT_ID, HeaderText.of(headers, EventHeaders.EVENT_ID));
        put(TENANT_ID, HeaderText.of(headers, EventHeaders.TENANT_ID));
        put(EVENT_TYPE, HeaderText.of(headers, EventHeaders.EVENT_TYPE));
    }

    public static void leave() {
        MDC.remove(EVENT_ID);
        MDC.remove(TENANT_ID);
        MDC.remove(EVENT_TYPE);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
