package dev.stockpulse.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.ClasspathSchemaLoader;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks an event against the JSON Schema of its type, {@code schemas/<event_type>.schema.json} in this jar.
 * Producers call it in their tests to prove that what they publish is what consumers expect.
 *
 * <p>The schemas are stricter than {@link EventCodec}: they also hold producers to the known alert kinds, alert
 * statuses and notification levels, which a consumer reads even when it does not know them.
 */
public final class EventSchemas {

    /**
     * The AsyncAPI 3.0 document of the topics, at the root of this jar beside {@link #SCHEMA_DIRECTORY}: its messages'
     * payloads are relative {@code $ref}s to the schemas, so whoever serves it serves the directory beside it.
     */
    public static final String ASYNCAPI_DOCUMENT = "asyncapi.yaml";

    /** Where this jar keeps the JSON Schemas: {@code <event_type>.schema.json}, and the parts in {@code payloads/}. */
    public static final String SCHEMA_DIRECTORY = "schemas/";

    private static final String SCHEMA_ROOT = "classpath:" + SCHEMA_DIRECTORY;

    // Resolve $refs with this jar's class loader: the thread's context loader may not see the jar (worker threads).
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaLoaders(loaders -> loaders.values(
                    list -> list.add(0, new ClasspathSchemaLoader(EventSchemas.class::getClassLoader)))));

    // Draft 2020-12 treats "format" as an annotation unless told otherwise; the contract needs date-time.
    // JSON paths ($.payload.lines[0]) read like EventCodec's messages (payload.lines[0]).
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            .build();

    private static final Map<EventType, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /**
     * @param eventJson a whole event, envelope and payload
     * @return one message per violation, sorted; empty when the event is valid
     */
    public static Set<String> validate(String eventJson) {
        Checks.required(eventJson, "eventJson");
        JsonNode event;
        try {
            event = EventCodec.mapper().readTree(eventJson);
        } catch (JsonProcessingException e) {
            return Set.of("event is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode typeNode = event.path("metadata").path("event_type");
        if (!typeNode.isTextual()) {
            return Set.of("$.metadata.event_type: is missing or not a string, so no schema applies");
        }
        String typeName = typeNode.textValue();
        return EventType.fromWire(typeName)
                .map(type -> messages(schema(type).validate(event)))
                .orElseGet(() -> Set.of("$.metadata.event_type: unknown event type '" + typeName + "'"));
    }

    private static Set<String> messages(Set<ValidationMessage> violations) {
        return Collections.unmodifiableSortedSet(violations.stream()
                .map(ValidationMessage::getMessage)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    private static JsonSchema schema(EventType type) {
        return SCHEMAS.computeIfAbsent(type, t -> {
            SchemaLocation location = SchemaLocation.of(SCHEMA_ROOT + t.wireName() + ".schema.json");
            JsonSchema schema = FACTORY.getSchema(location, CONFIG);
            // Resolve every $ref now, so that a broken schema fails on first use rather than on some later event.
            schema.initializeValidators();
            return schema;
        });
    }
}
