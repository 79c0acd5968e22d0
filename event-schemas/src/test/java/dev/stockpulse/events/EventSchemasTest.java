package dev.stockpulse.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class EventSchemasTest {

    private static String with(EventType type, Consumer<ObjectNode> change) {
        ObjectNode event = GoldenSamples.tree(type);
        change.accept(event);
        return GoldenSamples.write(event);
    }

    private static ObjectNode metadata(ObjectNode event) {
        return (ObjectNode) event.get("metadata");
    }

    private static ObjectNode payload(ObjectNode event) {
        return (ObjectNode) event.get("payload");
    }

    @Test
    void unknownEventTypeIsOneMessage() {
        assertThat(EventSchemas.validate(with(EventType.LOW_STOCK,
                event -> metadata(event).put("event_type", "inventory.stock.counted"))))
                .containsExactly("$.metadata.event_type: unknown event type 'inventory.stock.counted'");
    }

    @Test
    void eventWithoutATypeOrNotJsonIsOneMessage() {
        assertThat(EventSchemas.validate("{\"payload\":{}}")).hasSize(1).first().asString()
                .contains("event_type");
        assertThat(EventSchemas.validate("not json")).hasSize(1).first().asString()
                .startsWith("event is not valid JSON");
    }

    @Test
    void reportsEveryViolationWithItsLocation() {
        String json = with(EventType.LOW_STOCK, event -> {
            metadata(event).remove("tenant_id");
            metadata(event).put("event_id", "e".repeat(129));
            metadata(event).put("priority", "urgent");
            payload(event).remove("product_sku");
            payload(event).put("current_stock", "eight");
        });

        assertThat(EventSchemas.validate(json))
                .hasSize(5)
                .anySatisfy(m -> assertThat(m).contains("tenant_id"))
                .anySatisfy(m -> assertThat(m).contains("$.metadata.event_id"))
                .anySatisfy(m -> assertThat(m).contains("$.metadata.priority"))
                .anySatisfy(m -> assertThat(m).contains("product_sku"))
                .anySatisfy(m -> assertThat(m).contains("$.payload.current_stock"));
    }

    @Test
    void checksFormatsNotJustTypes() {
        assertThat(EventSchemas.validate(with(EventType.LOW_STOCK,
                event -> metadata(event).put("timestamp", "yesterday"))))
                .singleElement().asString().contains("$.metadata.timestamp");
    }

    @Test
    void holdsEventTypeAndVersionToTheSchemaChosen() {
        assertThat(EventSchemas.validate(with(EventType.LOW_STOCK,
                event -> metadata(event).put("event_version", "2.0"))))
                .singleElement().asString().contains("$.metadata.event_version");
        assertThat(EventSchemas.validate(with(EventType.LOW_STOCK,
                event -> metadata(event).put("event_version", "1.3"))))
                .isEmpty();
    }

    @Test
    void holdsProducersToTheKnownAlertKindsAndTheStatusOfTheEvent() {
        assertThat(EventSchemas.validate(with(EventType.ALERT_RAISED, event -> payload(event).put("kind", "lowstock"))))
                .singleElement().asString().contains("$.payload.kind");
        assertThat(EventSchemas.validate(with(EventType.ALERT_RAISED,
                event -> payload(event).put("status", "resolved"))))
                .singleElement().asString().contains("$.payload.status");
    }

    @Test
    void blankRequiredTextIsInvalid() {
        assertThat(EventSchemas.validate(with(EventType.PRODUCT_CREATED, event -> payload(event).put("sku", "  "))))
                .singleElement().asString().contains("$.payload.sku");
    }

    @Test
    void notificationNeedsItsRecipientInTheMetadata() {
        assertThat(EventSchemas.validate(with(EventType.NOTIFICATION, event -> metadata(event).remove("user_id"))))
                .singleElement().asString().contains("user_id");
    }
}
