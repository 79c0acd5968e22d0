package dev.stockpulse.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.inventory.ProductPayload;
import dev.stockpulse.events.inventory.ReservedLine;
import dev.stockpulse.events.inventory.StockReservedPayload;
import dev.stockpulse.events.sales.NotificationPayload;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private static String lowStockWith(Consumer<ObjectNode> change) {
        ObjectNode event = GoldenSamples.tree(EventType.LOW_STOCK);
        change.accept(event);
        return GoldenSamples.write(event);
    }

    private static ObjectNode metadata(ObjectNode event) {
        return (ObjectNode) event.get("metadata");
    }

    private static ObjectNode payload(ObjectNode event) {
        return (ObjectNode) event.get("payload");
    }

    private static LowStockPayload lowStock() {
        return new LowStockPayload("prod-1001", "LAP-001", "Laptop Computer", 8, 10, 50, new BigDecimal("1200.00"),
                "electronics", "Warehouse A", 2.5, "wh-a");
    }

    @Test
    void decodesTheLowStockSampleFieldForField() {
        EventEnvelope<?> event = EventCodec.decode(GoldenSamples.json(EventType.LOW_STOCK));

        assertThat(event.metadata().eventId()).isEqualTo("0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f");
        assertThat(event.metadata().timestamp()).hasToString("2026-11-23T10:00:00.120Z");
        assertThat(event.metadata().priority()).isEqualTo(Priority.HIGH);
        assertThat(event.metadata().causationId()).isEqualTo("6f1c2a7e-3b4d-4e8f-9a10-2b3c4d5e6f70");
        assertThat(event.metadata().userId()).isNull();
        assertThat(event.payload()).isEqualTo(lowStock());
    }

    @Test
    void encodesSnakeCaseIsoTimestampsAndOmitsAbsentOptionalFields() {
        EventMetadata metadata = new EventMetadata("0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
                "inventory.low_stock", "1.0", Instant.parse("2026-11-23T10:00:00Z"), "inventory-service",
                "tenant-1", null, null, Priority.HIGH, null);
        LowStockPayload payload = new LowStockPayload("prod-1001", "LAP-001", "Laptop Computer", 8, 10, 50,
                new BigDecimal("1200.00"), null, null, null, null);

        String json = EventCodec.encodeToString(new EventEnvelope<>(metadata, payload));

        assertThat(json)
                .contains("\"event_id\":\"0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f\"")
                .contains("\"timestamp\":\"2026-11-23T10:00:00Z\"")
                .contains("\"priority\":\"high\"")
                .contains("\"product_sku\":\"LAP-001\"", "\"current_stock\":8", "\"unit_price\":1200.00")
                .doesNotContain("correlation_id", "causation_id", "user_id", "category", "days_of_stock_remaining",
                        "null");
        assertThat(EventSchemas.validate(json)).isEmpty();
    }

    @Test
    void encodeAndEncodeToStringWriteTheSameBytes() {
        EventEnvelope<LowStockPayload> event = new EventEnvelope<>(
                EventMetadata.create(EventType.LOW_STOCK, "inventory-service", "tenant-1", "req-1", Priority.HIGH),
                lowStock());

        assertThat(new String(EventCodec.encode(event), StandardCharsets.UTF_8))
                .isEqualTo(EventCodec.encodeToString(event));
    }

    @Test
    void anEventMadeWithCreateDecodesToAnEqualEnvelope() {
        EventEnvelope<LowStockPayload> event = new EventEnvelope<>(
                EventMetadata.create(EventType.LOW_STOCK, "inventory-service", "tenant-1", "req-1", Priority.HIGH)
                        .withCausationId("6f1c2a7e-3b4d-4e8f-9a10-2b3c4d5e6f70"),
                lowStock());

        assertThat(EventCodec.decode(EventCodec.encode(event), LowStockPayload.class)).isEqualTo(event);
    }

    @Test
    void missingTenantIsAContractViolationNamingTheField() {
        String json = lowStockWith(event -> metadata(event).remove("tenant_id"));

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessage("metadata: tenant_id is required");
    }

    @Test
    void tenantWithAColonIsAContractViolation() {
        String json = lowStockWith(event -> metadata(event).put("tenant_id", "tenant:1"));

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessageStartingWith("metadata: tenant_id must not contain ':'");
    }

    @Test
    void badEventIdIsAContractViolationNamingTheField() {
        for (String bad : List.of("", "e".repeat(129), "evt\n1")) {
            String json = lowStockWith(event -> metadata(event).put("event_id", bad));

            assertThatThrownBy(() -> EventCodec.decode(json))
                    .as(bad)
                    .isExactlyInstanceOf(EventContractException.class)
                    .hasMessageContaining("metadata: event_id");
        }
    }

    @Test
    void nonStringEventIdIsAContractViolation() {
        String json = lowStockWith(event -> metadata(event).put("event_id", 42));

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessage("metadata: event_id must be a string, was NUMBER");
    }

    @Test
    void unknownPriorityIsAContractViolationNamingTheField() {
        String json = lowStockWith(event -> metadata(event).put("priority", "urgent"));

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessageContaining("metadata: priority")
                .hasMessageContaining("'urgent'");
    }

    @Test
    void upperCasePriorityFromTheErpSystemIsRead() {
        String json = lowStockWith(event -> metadata(event).put("priority", "HIGH"));

        assertThat(EventCodec.decode(json).metadata().priority()).isEqualTo(Priority.HIGH);
    }

    @Test
    void timestampWithoutOffsetIsAContractViolation() {
        String json = lowStockWith(event -> metadata(event).put("timestamp", "2026-11-23T10:00:00"));

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessageStartingWith("metadata: timestamp");
    }

    @Test
    void timestampWithAnOffsetIsReadAsTheSameInstant() {
        String json = lowStockWith(event -> metadata(event).put("timestamp", "2026-11-23T11:00:00+01:00"));

        assertThat(EventCodec.decode(json).metadata().timestamp()).hasToString("2026-11-23T10:00:00Z");
    }

    @Test
    void payloadMissingARequiredFieldIsAContractViolationNamingTheField() {
        String withoutSku = lowStockWith(event -> payload(event).remove("product_sku"));
        String withoutStock = lowStockWith(event -> payload(event).remove("current_stock"));
        String nullStock = lowStockWith(event -> payload(event).putNull("current_stock"));

        assertThatThrownBy(() -> EventCodec.decode(withoutSku))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessage("payload: product_sku is required");
        assertThatThrownBy(() -> EventCodec.decode(withoutStock))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessage("payload: current_stock is required");
        assertThatThrownBy(() -> EventCodec.decode(nullStock))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessageStartingWith("payload.current_stock: ");
    }

    @Test
    void payloadFieldOfTheWrongTypeIsAContractViolationNamingTheField() {
        String json = lowStockWith(event -> payload(event).put("current_stock", "lots"));

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessageStartingWith("payload.current_stock: ");
    }

    @Test
    void invalidNestedRecordIsReportedAtItsPath() {
        ObjectNode event = GoldenSamples.tree(EventType.STOCK_RESERVED);
        ((ObjectNode) payload(event).get("lines").get(1)).put("quantity", 0);

        assertThatThrownBy(() -> EventCodec.decode(GoldenSamples.write(event)))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessage("payload.lines[1]: quantity must be positive, was 0");
    }

    @Test
    void unknownPriorityInsideAPayloadIsReportedAtItsPath() {
        ObjectNode event = GoldenSamples.tree(EventType.ALERT_RAISED);
        payload(event).put("priority", "urgent");

        assertThatThrownBy(() -> EventCodec.decode(GoldenSamples.write(event)))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessageStartingWith("payload.priority: ");
    }

    @Test
    void inconsistentPayloadIsAContractViolation() {
        ObjectNode event = GoldenSamples.tree(EventType.STOCK_UPDATED);
        payload(event).put("delta", 4);

        assertThatThrownBy(() -> EventCodec.decode(GoldenSamples.write(event)))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessage("payload: delta must be current_quantity - previous_quantity = -4, was 4");
    }

    @Test
    void notJsonIsAContractViolation() {
        for (String bad : List.of("not json", "{\"metadata\":", "", "{} trailing")) {
            assertThatThrownBy(() -> EventCodec.decode(bad))
                    .as(bad)
                    .isExactlyInstanceOf(EventContractException.class)
                    .hasMessageMatching("event is (not valid JSON|empty).*");
        }
        assertThatThrownBy(() -> EventCodec.decode(new byte[] {(byte) 0xC3, (byte) 0x28}))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessageStartingWith("event is not valid JSON");
    }

    @Test
    void tombstoneIsAContractViolation() {
        assertThatThrownBy(() -> EventCodec.decode((byte[]) null))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessage("event is empty");
    }

    @Test
    void jsonThatIsNotAnEnvelopeIsAContractViolation() {
        assertThatThrownBy(() -> EventCodec.decode("[1,2]"))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessage("event must be a JSON object, was ARRAY");
        assertThatThrownBy(() -> EventCodec.decode("{\"payload\":{}}"))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessage("metadata is required");
        assertThatThrownBy(() -> EventCodec.decode(lowStockWith(event -> event.remove("payload"))))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessage("payload is required");
        assertThatThrownBy(() -> EventCodec.decode(lowStockWith(event -> event.put("payload", "low"))))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessage("payload must be a JSON object, was STRING");
    }

    @Test
    void duplicateKeysAreAContractViolationBecauseReadersCouldDisagreeOnTheTenant() {
        String json = GoldenSamples.json(EventType.LOW_STOCK)
                .replace("\"tenant_id\": \"tenant-1\"", "\"tenant_id\": \"tenant-1\", \"tenant_id\": \"tenant-2\"");

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessageContaining("tenant_id");
    }

    @Test
    void malformedEventTypeIsAContractViolation() {
        String json = lowStockWith(event -> metadata(event).put("event_type", "Low Stock!"));

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessageStartingWith("metadata: event_type must look like");
    }

    @Test
    void wellFormedUnknownEventTypeIsSkippableNotAContractViolation() {
        String json = lowStockWith(event -> metadata(event).put("event_type", "inventory.stock.counted"));

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isExactlyInstanceOf(UnknownEventTypeException.class)
                .isNotInstanceOf(EventContractException.class)
                .satisfies(e -> assertThat(((UnknownEventTypeException) e).eventType())
                        .isEqualTo("inventory.stock.counted"));
    }

    @Test
    void newMajorVersionIsSkippableNotAContractViolation() {
        // A new major may rename anything, so even a v2 event without a tenant is skipped rather than dead-lettered.
        String json = lowStockWith(event -> {
            metadata(event).put("event_version", "2.0");
            metadata(event).remove("tenant_id");
        });

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isExactlyInstanceOf(UnsupportedEventVersionException.class)
                .satisfies(e -> assertThat(((UnsupportedEventVersionException) e).eventVersion()).isEqualTo("2.0"));
    }

    @Test
    void malformedOrMissingVersionIsAContractViolation() {
        assertThatThrownBy(() -> EventCodec.decode(lowStockWith(event -> metadata(event).put("event_version", "v1"))))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessageStartingWith("metadata: event_version");
        assertThatThrownBy(() -> EventCodec.decode(lowStockWith(event -> metadata(event).remove("event_version"))))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessage("metadata: event_version is required");
    }

    @Test
    void newerMinorVersionWithUnknownFieldsIsRead() {
        String json = lowStockWith(event -> {
            metadata(event).put("event_version", "1.3");
            metadata(event).put("trace_parent", "00-abc-def-01");
            payload(event).put("supplier_id", "sup-9");
            payload(event).putObject("forecast").put("horizon_days", 14);
            event.put("signature", "ignored");
        });

        EventEnvelope<LowStockPayload> event = EventCodec.decode(json, LowStockPayload.class);

        assertThat(event.metadata().eventVersion()).isEqualTo("1.3");
        assertThat(event.payload()).isEqualTo(lowStock());
        assertThat(EventSchemas.validate(json)).isEmpty();
    }

    @Test
    void typedDecodeRejectsAnEventOfAnotherPayload() {
        String json = GoldenSamples.json(EventType.PRODUCT_CREATED);

        assertThat(EventCodec.decode(json, ProductPayload.class).payload().sku()).isEqualTo("LAP-001");
        assertThat(EventCodec.decode(json, Object.class).payload()).isInstanceOf(ProductPayload.class);
        assertThatThrownBy(() -> EventCodec.decode(json, LowStockPayload.class))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessageContaining("inventory.product.created carries ProductPayload");
    }

    @Test
    void notificationAddressedToAnotherUserThanItsMetadataIsRejectedBothWays() {
        ObjectNode event = GoldenSamples.tree(EventType.NOTIFICATION);
        metadata(event).put("user_id", "user-57");
        assertThatThrownBy(() -> EventCodec.decode(GoldenSamples.write(event)))
                .isExactlyInstanceOf(EventContractException.class)
                .hasMessageStartingWith("metadata: user_id must be the notification's user_id 'user-42'");

        EventMetadata toNobody = EventMetadata.create(EventType.NOTIFICATION, "sales-service", "tenant-1", null,
                Priority.MEDIUM);
        NotificationPayload notification = new NotificationPayload("ntf-1", "user-42", "Hello", "Hi",
                NotificationPayload.LEVEL_INFO);
        assertThatThrownBy(() -> EventCodec.encode(new EventEnvelope<>(toNobody, notification)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user_id");
        assertThat(EventCodec.encode(new EventEnvelope<>(toNobody.withUserId("user-42"), notification))).isNotEmpty();
    }

    @Test
    void encodeRefusesAPayloadOfAnotherEventType() {
        EventMetadata metadata = EventMetadata.create(EventType.STOCK_RESERVED, "inventory-service", "tenant-1",
                "req-1", Priority.MEDIUM);

        assertThatThrownBy(() -> EventCodec.encode(new EventEnvelope<>(metadata, lowStock())))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("inventory.stock.reserved carries StockReservedPayload, not LowStockPayload");
        assertThat(EventCodec.encode(new EventEnvelope<>(metadata,
                new StockReservedPayload("ord-1", List.of(new ReservedLine("prod-1", "wh-a", 1)))))).isNotEmpty();
    }

    @Test
    void encodeLetsAnUnknownTypeThroughSoTestsCanPublishEventsConsumersMustSkip() {
        EventMetadata metadata = new EventMetadata(UUID.randomUUID().toString(), "inventory.stock.counted", "1.0",
                Instant.now(), "inventory-service", "tenant-1", null, null, Priority.LOW, null);

        byte[] json = EventCodec.encode(new EventEnvelope<>(metadata, Map.of("product_id", "prod-1")));

        assertThatThrownBy(() -> EventCodec.decode(json)).isExactlyInstanceOf(UnknownEventTypeException.class);
    }
}
