package dev.stockpulse.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka header names; every value is a UTF-8 string.
 *
 * <p>The event headers repeat fields of the metadata so that routers (the gateway, dead-letter tooling) need not
 * parse the body. The {@code dlq_*} headers are set on a record copied to {@link Topics#deadLetter(String)}.
 */
public final class EventHeaders {

    public static final String EVENT_TYPE = "event_type";
    public static final String TENANT_ID = "tenant_id";
    public static final String PRIORITY = "priority";
    public static final String EVENT_ID = "event_id";

    /** Why the record could not be processed, for example an {@link EventContractException} message. */
    public static final String DLQ_REASON = "dlq_reason";
    public static final String DLQ_ORIGIN_TOPIC = "dlq_origin_topic";
    public static final String DLQ_ORIGIN_PARTITION = "dlq_origin_partition";
    public static final String DLQ_ORIGIN_OFFSET = "dlq_origin_offset";

    private EventHeaders() {
    }

    /** The event headers of an event, in a fixed order, so every producer sets the same ones with the same values. */
    public static Map<String, String> of(EventMetadata metadata) {
        Checks.required(metadata, "metadata");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(EVENT_ID, metadata.eventId());
        headers.put(EVENT_TYPE, metadata.eventType());
        headers.put(TENANT_ID, metadata.tenantId());
        headers.put(PRIORITY, metadata.priority().wireName());
        return headers;
    }
}
