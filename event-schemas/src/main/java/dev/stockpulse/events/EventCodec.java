package dev.stockpulse.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.stockpulse.events.sales.NotificationPayload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes and reads {@link EventEnvelope}s. Thread-safe.
 *
 * <p>Reading is tolerant where the contract allows it (unknown fields, minor versions, upper-case priorities) and
 * strict where a consumer would otherwise act on a bad event. It sorts failures into the three ways a consumer
 * reacts: {@link EventContractException} (dead-letter), {@link UnknownEventTypeException} and
 * {@link UnsupportedEventVersionException} (skip and count).
 */
public final class EventCodec {

    private static final String SUPPORTED_MAJOR_VERSION = "1";
    private static final Pattern VERSION_FORMAT = Pattern.compile("(\\d+)\\.\\d+");
    private static final Pattern EVENT_TYPE_FORMAT = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    // Jackson reports a missing @JsonProperty(required = true) only in its message.
    private static final Pattern MISSING_PROPERTY = Pattern.compile("Missing required creator property '([^']+)'");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // decode reads a tree first; without these, 1200.00 would pass through a double and lose its scale.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            // A null quantity is a broken producer, not a zero.
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Routers read headers, services the body: with two tenant_id keys they could disagree on the tenant.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private EventCodec() {
    }

    /**
     * The mapper events are written and read with. Shared: do not reconfigure it, {@link ObjectMapper#copy()} it.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * @throws IllegalArgumentException when the payload is not the record the event type carries, or a notification
     *                                  is addressed to another user than its metadata says
     */
    public static byte[] encode(EventEnvelope<?> envelope) {
        checkEncodable(envelope);
        try {
            return MAPPER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + envelope.metadata().eventType(), e);
        }
    }

    /** As {@link #encode(EventEnvelope)}. */
    public static String encodeToString(EventEnvelope<?> envelope) {
        checkEncodable(envelope);
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + envelope.metadata().eventType(), e);
        }
    }

    /**
     * Parses and validates an event; the payload is the record its {@code event_type} carries.
     *
     * @param json a Kafka record value; null (a tombstone) is a contract violation like any other
     * @throws EventContractException            the event breaks the contract; the message names the field
     * @throws UnknownEventTypeException         a well-formed event of a type this build does not know
     * @throws UnsupportedEventVersionException  an event of a major version other than 1
     */
    public static EventEnvelope<?> decode(byte[] json) {
        if (json == null) {
            throw new EventContractException("event is empty");
        }
        return decodeTree(() -> MAPPER.readTree(json));
    }

    /** As {@link #decode(byte[])}. */
    public static EventEnvelope<?> decode(String json) {
        if (json == null) {
            throw new EventContractException("event is empty");
        }
        return decodeTree(() -> MAPPER.readTree(json));
    }

    /**
     * As {@link #decode(byte[])}, for a caller that expects one kind of payload.
     *
     * @throws EventContractException also when the event's type carries another payload than {@code payloadType}
     */
    public static <P> EventEnvelope<P> decode(byte[] json, Class<P> payloadType) {
        return narrow(decode(json), payloadType);
    }

    /** As {@link #decode(byte[], Class)}. */
    public static <P> EventEnvelope<P> decode(String json, Class<P> payloadType) {
        return narrow(decode(json), payloadType);
    }

    private static <P> EventEnvelope<P> narrow(EventEnvelope<?> envelope, Class<P> payloadType) {
        Objects.requireNonNull(payloadType, "payloadType");
        Object payload = envelope.payload();
        if (!payloadType.isInstance(payload)) {
            throw new EventContractException("metadata: event_type " + envelope.metadata().eventType() + " carries "
                    + payload.getClass().getSimpleName() + ", not the expected " + payloadType.getSimpleName());
        }
        return new EventEnvelope<>(envelope.metadata(), payloadType.cast(payload));
    }

    private static void checkEncodable(EventEnvelope<?> envelope) {
        Objects.requireNonNull(envelope, "envelope");
        String eventType = envelope.metadata().eventType();
        // An unknown type is let through so that tests can publish the newer events consumers must skip.
        Optional<EventType> known = EventType.fromWire(eventType);
        if (known.isPresent() && !known.get().payloadType().isInstance(envelope.payload())) {
            throw new IllegalArgumentException(eventType + " carries " + known.get().payloadType().getSimpleName()
                    + ", not " + envelope.payload().getClass().getSimpleName());
        }
        recipientMismatch(envelope.metadata(), envelope.payload()).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** The gateway routes a notification by its metadata; a payload naming another user would reach the wrong one. */
    private static Optional<String> recipientMismatch(EventMetadata metadata, Object payload) {
        if (payload instanceof NotificationPayload notification
                && !notification.userId().equals(metadata.userId())) {
            return Optional.of("metadata: user_id must be the notification's user_id '" + notification.userId()
                    + "', was " + (metadata.userId() == null ? "absent" : "'" + metadata.userId() + "'"));
        }
        return Optional.empty();
    }

    @FunctionalInterface
    private interface TreeReader {
        JsonNode read() throws IOException;
    }

    private static EventEnvelope<?> decodeTree(TreeReader reader) {
        JsonNode root;
        try {
            root = reader.read();
        } catch (JsonProcessingException e) {
            throw new EventContractException("event is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || root.isMissingNode()) {
            throw new EventContractException("event is empty");
        }
        if (!root.isObject()) {
            throw new EventContractException("event must be a JSON object, was " + root.getNodeType());
        }
        JsonNode metadataNode = root.get("metadata");
        if (metadataNode == null || metadataNode.isNull()) {
            throw new EventContractException("metadata is required");
        }
        if (!metadataNode.isObject()) {
            throw new EventContractException("metadata must be a JSON object, was " + metadataNode.getNodeType());
        }
        EventType type = readTypeAndVersion(metadataNode);
        EventMetadata metadata = readMetadata(metadataNode);
        Object payload = readPayload(root.get("payload"), type);
        recipientMismatch(metadata, payload).ifPresent(problem -> {
            throw new EventContractException(problem);
        });
        return new EventEnvelope<>(metadata, payload);
    }

    /** The version comes first: a new major may have changed any other field. */
    private static EventType readTypeAndVersion(JsonNode metadata) {
        String version = requiredText(metadata, "event_version");
        Matcher versionMatcher = VERSION_FORMAT.matcher(version);
        if (!versionMatcher.matches()) {
            throw new EventContractException("metadata: event_version must look like '1.0', was '" + version + "'");
        }
        if (!versionMatcher.group(1).equals(SUPPORTED_MAJOR_VERSION)) {
            throw new UnsupportedEventVersionException(version);
        }
        String typeName = requiredText(metadata, "event_type");
        if (!EVENT_TYPE_FORMAT.matcher(typeName).matches()) {
            throw new EventContractException(
                    "metadata: event_type must look like 'inventory.low_stock', was '" + typeName + "'");
        }
        return EventType.fromWire(typeName).orElseThrow(() -> new UnknownEventTypeException(typeName));
    }

    private static EventMetadata readMetadata(JsonNode node) {
        String timestamp = requiredText(node, "timestamp");
        Instant instant;
        try {
            instant = OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            throw new EventContractException("metadata: timestamp must be an ISO-8601 date-time with offset, like "
                    + "'2026-11-23T10:00:00Z', was '" + timestamp + "'", e);
        }
        Priority priority;
        try {
            priority = Priority.fromWire(requiredText(node, "priority"));
        } catch (IllegalArgumentException e) {
            throw new EventContractException("metadata: priority: " + e.getMessage(), e);
        }
        try {
            return new EventMetadata(requiredText(node, "event_id"), requiredText(node, "event_type"),
                    requiredText(node, "event_version"), instant, requiredText(node, "source_service"),
                    requiredText(node, "tenant_id"), optionalText(node, "correlation_id"),
                    optionalText(node, "causation_id"), priority, optionalText(node, "user_id"));
        } catch (IllegalArgumentException e) {
            throw new EventContractException("metadata: " + e.getMessage(), e);
        }
    }

    private static String requiredText(JsonNode metadata, String field) {
        String value = optionalText(metadata, field);
        if (value == null) {
            throw new EventContractException("metadata: " + field + " is required");
        }
        if (value.isBlank()) {
            throw new EventContractException("metadata: " + field + " must not be blank");
        }
        return value;
    }

    private static String optionalText(JsonNode metadata, String field) {
        JsonNode value = metadata.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new EventContractException("metadata: " + field + " must be a string, was " + value.getNodeType());
        }
        return value.textValue();
    }

    private static Object readPayload(JsonNode node, EventType type) {
        if (node == null || node.isNull()) {
            throw new EventContractException("payload is required");
        }
        if (!node.isObject()) {
            throw new EventContractException("payload must be a JSON object, was " + node.getNodeType());
        }
        try {
            return MAPPER.treeToValue(node, type.payloadType());
        } catch (JsonMappingException e) {
            throw new EventContractException(describe(e), e);
        } catch (JsonProcessingException e) {
            throw new EventContractException("payload: " + e.getOriginalMessage(), e);
        }
    }

    /** Turns a binding failure into {@code <where>: <what>}, where is a JSON path such as {@code payload.lines[0]}. */
    private static String describe(JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        Matcher missing = MISSING_PROPERTY.matcher(e.getOriginalMessage());
        if (missing.find()) {
            // Jackson's path ends at the missing property; report it from its object, like the records' own checks.
            String field = missing.group(1);
            boolean endsAtField = !path.isEmpty() && field.equals(path.get(path.size() - 1).getFieldName());
            return location(endsAtField ? path.subList(0, path.size() - 1) : path) + ": " + field + " is required";
        }
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException) {
            return location(path) + ": " + e.getCause().getMessage();
        }
        return location(path) + ": " + e.getOriginalMessage();
    }

    private static String location(List<JsonMappingException.Reference> path) {
        StringBuilder location = new StringBuilder("payload");
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                location.append('.').append(reference.getFieldName());
            } else {
                location.append('[').append(reference.getIndex()).append(']');
            }
        }
        return location.toString();
    }
}
