package dev.stockpulse.events;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.ClasspathSchemaLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AsyncAPI document ({@code asyncapi.yaml}) against the code: every {@code $ref} in it and in the schemas it
 * names resolves, its messages are exactly {@link EventType}'s catalogue on the right channels, and every golden
 * sample, with the headers its producer would set, validates against its message.
 */
class AsyncApiDocumentTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final URI DOCUMENT = URI.create("classpath:/" + EventSchemas.ASYNCAPI_DOCUMENT);

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaLoaders(loaders -> loaders.values(
                    list -> list.add(0, new ClasspathSchemaLoader(AsyncApiDocumentTest.class::getClassLoader)))));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private static JsonNode document;

    @BeforeAll
    static void parse() {
        document = read(DOCUMENT);
    }

    @Test
    void isAnAsyncApi3DocumentOfBothTopics() {
        assertThat(document.path("asyncapi").asText()).isEqualTo("3.0.0");
        List<String> addresses = new ArrayList<>();
        document.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrder(Topics.INVENTORY_EVENTS, Topics.SALES_EVENTS);
        document.path("channels").forEach(channel -> assertThat(channel.path("bindings").path("kafka").path("topic")
                .asText()).isEqualTo(channel.path("address").asText()));
    }

    @Test
    void everyReferenceResolvesInTheDocumentAndInTheSchemasItNames() {
        List<String> unresolved = new ArrayList<>();
        Set<URI> visited = new HashSet<>();
        checkReferences(DOCUMENT, document, unresolved, visited);

        assertThat(unresolved).isEmpty();
        // Every event's schema is reached from the document, not only some of them.
        assertThat(visited).contains(Arrays.stream(EventType.values())
                .map(type -> DOCUMENT.resolve(EventSchemas.SCHEMA_DIRECTORY + type.wireName() + ".schema.json"))
                .toArray(URI[]::new));
    }

    @Test
    void messagesAreExactlyTheCataloguesEventTypesEachOnItsTopic() {
        Map<String, JsonNode> messages = messagesByName();
        assertThat(messages.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(EventType.values()).map(EventType::wireName).toList());

        for (JsonNode channel : document.path("channels")) {
            Set<String> onChannel = new TreeSet<>();
            channel.path("messages").forEach(ref -> onChannel.add(resolveLocal(ref).path("name").asText()));
            Set<String> expected = Arrays.stream(EventType.values())
                    .filter(type -> type.topic().equals(channel.path("address").asText()))
                    .map(EventType::wireName).collect(Collectors.toCollection(TreeSet::new));
            assertThat(onChannel).as(channel.path("address").asText()).isEqualTo(expected);
        }
    }

    @Test
    void operationsNameOnlyMessagesOfTheirOwnChannel() {
        for (Map.Entry<String, JsonNode> operation : fields(document.path("operations"))) {
            String channel = operation.getValue().path("channel").path("$ref").asText();
            assertThat(resolveLocal(operation.getValue().path("channel")).isMissingNode()).as(channel).isFalse();
            assertThat(operation.getValue().path("messages")).as(operation.getKey()).isNotEmpty()
                    .allSatisfy(message -> assertThat(message.path("$ref").asText())
                            .startsWith(channel + "/messages/"));
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenSampleValidatesAgainstItsMessagesPayloadSchema(EventType type) {
        JsonNode message = messagesByName().get(type.wireName());
        JsonNode payload = message.path("payload");
        assertThat(payload.path("schemaFormat").asText()).isEqualTo("application/schema+json;version=draft-2020-12");

        JsonSchema schema = schema(DOCUMENT.resolve(payload.path("schema").path("$ref").asText()));

        assertThat(messages(schema.validate(GoldenSamples.parse(GoldenSamples.json(type))))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void producersHeadersForTheGoldenSampleValidateAgainstItsMessagesHeaders(EventType type) {
        String message = "#/components/messages/" + messageId(type) + "/headers";
        JsonSchema headers = schema(DOCUMENT.resolve(message));
        EventMetadata metadata = EventCodec.decode(GoldenSamples.json(type)).metadata();

        JsonNode produced = EventCodec.mapper().valueToTree(EventHeaders.of(metadata));

        assertThat(messages(headers.validate(produced))).isEmpty();
        // The headers pin the event type: another type's headers do not pass for this message.
        EventType other = type == EventType.LOW_STOCK ? EventType.OUT_OF_STOCK : EventType.LOW_STOCK;
        JsonNode wrong = EventCodec.mapper().valueToTree(EventHeaders.of(EventCodec.decode(GoldenSamples.json(other))
                .metadata()));
        assertThat(messages(headers.validate(wrong))).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyMessageNamesItsKafkaKey(EventType type) {
        JsonNode key = messagesByName().get(type.wireName()).path("bindings").path("kafka").path("key");

        JsonNode resolved = resolveLocal(key);
        assertThat(resolved.path("type").asText()).isEqualTo("string");
        assertThat(resolved.path("description").asText()).startsWith("`tenant_id:");
        assertThat(messages(schema(DOCUMENT.resolve(key.path("$ref").asText()))
                .validate(EventCodec.mapper().getNodeFactory().textNode("tenant-1")))).as("a key without its aggregate")
                .isNotEmpty();
    }

    private static String messageId(EventType type) {
        return fields(document.path("components").path("messages")).stream()
                .filter(entry -> entry.getValue().path("name").asText().equals(type.wireName()))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private static Map<String, JsonNode> messagesByName() {
        return fields(document.path("components").path("messages")).stream()
                .collect(Collectors.toMap(entry -> entry.getValue().path("name").asText(), Map.Entry::getValue));
    }

    /** Walks {@code node}, a part of the file at {@code location}, following every reference into other files once. */
    private static void checkReferences(URI location, JsonNode node, List<String> unresolved, Set<URI> visited) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                URI target = location.resolve(ref.asText());
                URI file = URI.create(target.getScheme() + ":" + target.getSchemeSpecificPart());
                JsonNode whole = file.equals(location) ? root(location) : read(file);
                if (whole == null || at(whole, target.getFragment()).isMissingNode()) {
                    unresolved.add(location + " -> " + ref.asText());
                } else if (!file.equals(location) && visited.add(file)) {
                    checkReferences(file, whole, unresolved, visited);
                }
            }
        }
        node.forEach(child -> checkReferences(location, child, unresolved, visited));
    }

    private static JsonNode root(URI location) {
        return location.equals(DOCUMENT) ? document : read(location);
    }

    private static JsonNode resolveLocal(JsonNode reference) {
        String ref = reference.path("$ref").asText();
        assertThat(ref).startsWith("#/");
        return at(document, ref.substring(1));
    }

    private static JsonNode at(JsonNode root, String fragment) {
        return fragment == null || fragment.isEmpty() ? root : root.at(JsonPointer.compile(fragment));
    }

    /** A file of this module's classpath, or null when there is none. */
    private static JsonNode read(URI location) {
        String path = location.getSchemeSpecificPart().replaceFirst("^/", "");
        try (InputStream in = AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : (path.endsWith(".json") ? EventCodec.mapper() : YAML).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema schema(URI location) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(location.toString()), CONFIG);
        schema.initializeValidators();
        return schema;
    }

    private static Set<String> messages(Set<ValidationMessage> violations) {
        return violations.stream().map(ValidationMessage::getMessage).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        node.fields().forEachRemaining(entries::add);
        return entries;
    }
}
