package dev.stockpulse.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockpulse.events.inventory.LowStockPayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The contract itself: every event type has a schema and a golden sample, and codec and schema agree on them. */
class GoldenSamplesTest {

    @Test
    void everyEventTypeHasAGoldenSampleAndASchema() {
        List<String> missing = new ArrayList<>();
        for (EventType type : EventType.values()) {
            if (!GoldenSamples.exists(type)) {
                missing.add(GoldenSamples.path(type));
            }
            String schema = "schemas/" + type.wireName() + ".schema.json";
            if (getClass().getClassLoader().getResource(schema) == null) {
                missing.add(schema);
            }
        }
        assertThat(missing).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleValidatesAgainstItsSchema(EventType type) {
        assertThat(EventSchemas.validate(GoldenSamples.json(type))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleDecodesToItsPayloadRecord(EventType type) {
        EventEnvelope<?> envelope = EventCodec.decode(GoldenSamples.json(type));

        assertThat(envelope.metadata().eventType()).isEqualTo(type.wireName());
        assertThat(envelope.metadata().tenantId()).isEqualTo("tenant-1");
        assertThat(envelope.payload()).isExactlyInstanceOf(type.payloadType());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleSurvivesARoundTrip(EventType type) {
        String reencoded = EventCodec.encodeToString(EventCodec.decode(GoldenSamples.json(type)));

        assertThat(GoldenSamples.parse(reencoded)).isEqualTo(GoldenSamples.tree(type));
        assertThat(EventSchemas.validate(reencoded)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleSurvivesARoundTripThroughBytes(EventType type) {
        byte[] sample = GoldenSamples.json(type).getBytes(StandardCharsets.UTF_8);

        byte[] reencoded = EventCodec.encode(EventCodec.decode(sample));

        assertThat(GoldenSamples.parse(new String(reencoded, StandardCharsets.UTF_8))).isEqualTo(GoldenSamples.tree(type));
    }

    /**
     * Removes each field of the sample in turn, at any depth, and demands that codec and schema agree on whether
     * it was required, and that the codec names it. This is what keeps the records and the schemas in step.
     */
    @ParameterizedTest
    @EnumSource(EventType.class)
    void codecAndSchemaAgreeOnEveryRequiredField(EventType type) {
        List<String> required = new ArrayList<>();
        ObjectNode sample = GoldenSamples.tree(type);
        walk(sample, sample, "", (path, event) -> {
            String json = GoldenSamples.write(event);
            boolean schemaRejects = !EventSchemas.validate(json).isEmpty();
            Throwable decodeFailure = catchThrowable(() -> EventCodec.decode(json));

            assertThat(decodeFailure != null).as("codec rejects %s without %s", type.wireName(), path)
                    .isEqualTo(schemaRejects);
            if (decodeFailure != null) {
                String field = path.substring(path.lastIndexOf('.') + 1);
                assertThat(decodeFailure).isInstanceOf(EventContractException.class).hasMessageContaining(field);
                required.add(path);
            }
        });
        assertThat(required).contains("metadata.tenant_id", "metadata.event_id", "payload");
    }

    /** Seed 001: the ERP document's low-stock event as its producers write it, id {@code evt-123456} included. */
    @Test
    void theErpDocumentsOwnEventValidatesDecodesAndRoundTrips() {
        String json = GoldenSamples.resource("events/erp-document/inventory.low_stock.json");

        assertThat(EventSchemas.validate(json)).isEmpty();
        EventEnvelope<LowStockPayload> event = EventCodec.decode(json, LowStockPayload.class);
        assertThat(event.metadata().eventId()).isEqualTo("evt-123456");
        assertThat(event.metadata().correlationId()).isEqualTo("corr-789");
        assertThat(event.payload().productId()).isEqualTo("PRD-123");
        assertThat(GoldenSamples.parse(EventCodec.encodeToString(event))).isEqualTo(GoldenSamples.parse(json));
    }

    @Test
    void lowStockSampleCarriesTheAmountsAndThePriorityTheRuleGives() {
        EventEnvelope<LowStockPayload> event =
                EventCodec.decode(GoldenSamples.json(EventType.LOW_STOCK), LowStockPayload.class);
        LowStockPayload stock = event.payload();

        assertThat(stock.unitPrice()).isEqualTo(new BigDecimal("1200.00"));
        assertThat(event.metadata().priority()).isEqualTo(
                StockPriority.evaluate(stock.currentStock(), stock.reorderLevel(), stock.daysOfStockRemaining()));
    }

    @Test
    void encodedAmountsKeepTheirScale() {
        String reencoded = EventCodec.encodeToString(EventCodec.decode(GoldenSamples.json(EventType.LOW_STOCK)));

        assertThat(reencoded).contains("\"unit_price\":1200.00");
    }

    /** Without this, an optional field no sample shows would escape the requiredness check above. */
    @Test
    void everyPayloadFieldAppearsInSomeSample() {
        List<String> unseen = new ArrayList<>();
        for (EventType type : EventType.values()) {
            for (var component : type.payloadType().getRecordComponents()) {
                String field = snakeCase(component.getName());
                if (!anySampleHas(type.payloadType(), field)) {
                    unseen.add(type.payloadType().getSimpleName() + "." + field);
                }
            }
        }
        assertThat(unseen).isEmpty();
    }

    private static boolean anySampleHas(Class<?> payloadType, String field) {
        return Arrays.stream(EventType.values())
                .filter(type -> type.payloadType() == payloadType)
                .anyMatch(type -> GoldenSamples.tree(type).path("payload").has(field));
    }

    private static String snakeCase(String camelCase) {
        return camelCase.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private interface Mutation {
        void accept(String path, ObjectNode event);
    }

    /** Calls back with a copy of {@code root} lacking one field, for every field under {@code node}. */
    private static void walk(ObjectNode root, JsonNode node, String path, Mutation mutation) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                ObjectNode copy = root.deepCopy();
                ((ObjectNode) parentOf(copy, fieldPath)).remove(field.getKey());
                mutation.accept(fieldPath, copy);
                walk(root, field.getValue(), fieldPath, mutation);
            }
        } else if (node instanceof ArrayNode array && !array.isEmpty()) {
            walk(root, array.get(0), path + "[0]", mutation);
        }
    }

    /** The parent of the node at a path like {@code payload.lines[0].quantity}, here {@code payload.lines[0]}. */
    private static JsonNode parentOf(JsonNode root, String path) {
        String[] steps = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < steps.length - 1; i++) {
            String step = steps[i];
            boolean indexed = step.endsWith("[0]");
            node = node.get(indexed ? step.substring(0, step.length() - 3) : step);
            if (indexed) {
                node = node.get(0);
            }
        }
        return node;
    }
}
