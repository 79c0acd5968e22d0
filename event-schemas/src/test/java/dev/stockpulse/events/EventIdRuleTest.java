package dev.stockpulse.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event id rule ({@link Checks#eventId}): the producer's own id, bounded; codec and schema agree on it. */
class EventIdRuleTest {

    private static final String ASTRAL = "\uD83D\uDCE6";

    private static String lowStockWithId(String eventId) {
        ObjectNode event = GoldenSamples.tree(EventType.LOW_STOCK);
        ((ObjectNode) event.get("metadata")).put("event_id", eventId);
        return GoldenSamples.write(event);
    }

    private static EventMetadata metadata(String eventId) {
        return new EventMetadata(eventId, "inventory.low_stock", "1.0", Instant.now(), "inventory-service",
                "tenant-1", null, null, Priority.HIGH, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evt-123456", "0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f", "1-2-3-4-5", "x", "order 42 / line 1",
            "01JDQ7Z8M3R6V0K2A1B4C5D6E7", "événement-7", "inventory-events:2:1044"})
    void acceptsAnyProducersIdAndKeepsItAsWritten(String id) {
        String json = lowStockWithId(id);

        assertThat(EventCodec.decode(json).metadata().eventId()).isEqualTo(id);
        assertThat(EventSchemas.validate(json)).isEmpty();
        assertThat(EventHeaders.of(metadata(id))).containsEntry(EventHeaders.EVENT_ID, id);
    }

    @Test
    void theBoundIs128CharactersCountedAsCodePointsLikePostgresAndTheSchemaCountThem() {
        for (String atTheBound : new String[] {"e".repeat(128), ASTRAL.repeat(128)}) {
            String json = lowStockWithId(atTheBound);
            assertThat(EventCodec.decode(json).metadata().eventId()).isEqualTo(atTheBound);
            assertThat(EventSchemas.validate(json)).isEmpty();
        }
        for (String overTheBound : new String[] {"e".repeat(129), ASTRAL.repeat(129)}) {
            String json = lowStockWithId(overTheBound);
            assertThatThrownBy(() -> EventCodec.decode(json))
                    .isExactlyInstanceOf(EventContractException.class)
                    .hasMessage("metadata: event_id must be at most 128 characters, was 129");
            assertThat(EventSchemas.validate(json)).singleElement().asString().contains("$.metadata.event_id");
        }
    }

    @Test
    void aLongIdIsReportedByItsLengthNotEchoed() {
        String json = lowStockWithId("x".repeat(100_000));

        assertThatThrownBy(() -> EventCodec.decode(json))
                .hasMessage("metadata: event_id must be at most 128 characters, was 100000");
    }

    @Test
    void emptyOrBlankIsRejectedByCodecAndSchema() {
        for (String blank : new String[] {"", " ", "   "}) {
            String json = lowStockWithId(blank);
            assertThatThrownBy(() -> EventCodec.decode(json)).as("'%s'", blank)
                    .isExactlyInstanceOf(EventContractException.class)
                    .hasMessage("metadata: event_id must not be blank");
            assertThat(EventSchemas.validate(json)).as("'%s'", blank).isNotEmpty()
                    .allSatisfy(m -> assertThat(m).contains("$.metadata.event_id"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"evt\u0000-1", "evt-1\n", "evt\r\nforged log line", "\tevt-1", "evt\u007F1", "evt\u00851",
            "evt\u009F1"})
    void controlCharactersAreRejectedByCodecAndSchemaWithTheirCodeAndPlace(String id) {
        String json = lowStockWithId(id);
        int index = 0;
        while (!Character.isISOControl(id.charAt(index))) {
            index++;
        }

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessage("metadata: event_id must not contain control characters, found U+%04X at index %d",
                        (int) id.charAt(index), index);
        assertThat(EventSchemas.validate(json)).singleElement().asString().contains("$.metadata.event_id");
    }

    @Test
    void anUnpairedSurrogateIsRejectedBecauseUtf8WouldMakeTwoIdsOne() {
        for (String id : new String[] {"evt-\uD800", "evt-\uDC00-1", "\uDBFF" + "x"}) {
            String json = lowStockWithId(id);
            assertThatThrownBy(() -> EventCodec.decode(json)).as(id)
                    .isExactlyInstanceOf(EventContractException.class)
                    .hasMessageStartingWith("metadata: event_id must be valid Unicode, found an unpaired surrogate");
        }
        assertThat(EventCodec.decode(lowStockWithId("evt-" + ASTRAL)).metadata().eventId()).isEqualTo("evt-" + ASTRAL);
    }

    @Test
    void theRecordHoldsProducersToTheSameRule() {
        assertThatThrownBy(() -> metadata(null)).hasMessage("event_id is required");
        assertThatThrownBy(() -> metadata("")).hasMessage("event_id must not be blank");
        assertThatThrownBy(() -> metadata("e".repeat(129))).hasMessage("event_id must be at most 128 characters, was 129");
        assertThatThrownBy(() -> metadata("a\nb")).hasMessage(
                "event_id must not contain control characters, found U+000A at index 1");
        assertThat(metadata("evt-123456").eventId()).isEqualTo("evt-123456");
    }

    @Test
    void ourOwnProducersStillWriteUuids() {
        String id = EventMetadata.create(EventType.LOW_STOCK, "inventory-service", "tenant-1", null, Priority.HIGH)
                .eventId();

        assertThat(UUID.fromString(id)).hasToString(id);
    }
}
