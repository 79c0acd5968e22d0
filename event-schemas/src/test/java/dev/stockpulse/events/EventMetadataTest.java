package dev.stockpulse.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventMetadataTest {

    private static EventMetadata metadata(String tenantId, String version) {
        return new EventMetadata(UUID.randomUUID().toString(), "inventory.low_stock", version, Instant.now(),
                "inventory-service", tenantId, null, null, Priority.HIGH, null);
    }

    @Test
    void createFillsInWhatEveryEventNeeds() {
        Instant before = Instant.now().minusMillis(1);

        EventMetadata metadata = EventMetadata.create(EventType.OUT_OF_STOCK, "inventory-service", "tenant-1",
                "req-1", Priority.CRITICAL);

        assertThat(metadata.eventType()).isEqualTo("inventory.out_of_stock");
        assertThat(metadata.eventVersion()).isEqualTo("1.0").isEqualTo(EventMetadata.CURRENT_VERSION);
        assertThat(metadata.timestamp()).isBetween(before, Instant.now());
        assertThat(metadata.timestamp().getNano() % 1_000_000).isZero();
        assertThat(metadata.sourceService()).isEqualTo("inventory-service");
        assertThat(metadata.tenantId()).isEqualTo("tenant-1");
        assertThat(metadata.correlationId()).isEqualTo("req-1");
        assertThat(metadata.priority()).isEqualTo(Priority.CRITICAL);
        assertThat(metadata.causationId()).isNull();
        assertThat(metadata.userId()).isNull();
    }

    @Test
    void createGivesEveryEventItsOwnId() {
        EventMetadata first = EventMetadata.create(EventType.LOW_STOCK, "inventory-service", "tenant-1", null,
                Priority.HIGH);
        EventMetadata second = EventMetadata.create(EventType.LOW_STOCK, "inventory-service", "tenant-1", null,
                Priority.HIGH);

        assertThat(first.eventId()).isNotEqualTo(second.eventId());
    }

    @Test
    void withersChangeOnlyTheirField() {
        EventMetadata original = EventMetadata.create(EventType.NOTIFICATION, "sales-service", "tenant-1", "req-1",
                Priority.MEDIUM);

        EventMetadata derived = original.withCausationId("evt-1").withUserId("user-42");

        assertThat(derived.causationId()).isEqualTo("evt-1");
        assertThat(derived.userId()).isEqualTo("user-42");
        assertThat(derived).usingRecursiveComparison().ignoringFields("causationId", "userId").isEqualTo(original);
        assertThat(original.causationId()).isNull();
    }

    @Test
    void rejectsWhatConsumersCouldNotRoute() {
        assertThatThrownBy(() -> metadata(null, "1.0")).hasMessage("tenant_id is required");
        assertThatThrownBy(() -> metadata(" ", "1.0")).hasMessage("tenant_id must not be blank");
        assertThatThrownBy(() -> metadata("a:b", "1.0")).hasMessageStartingWith("tenant_id must not contain ':'");
        assertThatThrownBy(() -> metadata("tenant-1", "one")).hasMessageStartingWith("event_version must look like");
        assertThatThrownBy(() -> EventMetadata.create(null, "inventory-service", "tenant-1", null, Priority.LOW))
                .hasMessage("event_type is required");
        assertThatThrownBy(() -> EventMetadata.create(EventType.LOW_STOCK, "", "tenant-1", null, Priority.LOW))
                .hasMessage("source_service must not be blank");
        assertThatThrownBy(() -> EventMetadata.create(EventType.LOW_STOCK, "inventory-service", "tenant-1", null,
                null)).hasMessage("priority is required");
    }

    @Test
    void bindsWithTheSharedMapperAloneForRoutersThatReadOnlyTheMetadata() throws Exception {
        String sample = GoldenSamples.json(EventType.NOTIFICATION);

        EventMetadata metadata = EventCodec.mapper()
                .treeToValue(EventCodec.mapper().readTree(sample).get("metadata"), EventMetadata.class);

        assertThat(metadata).isEqualTo(EventCodec.decode(sample).metadata());
        assertThat(metadata.userId()).isEqualTo("user-42");
    }

    @Test
    void envelopeNeedsBothParts() {
        EventMetadata metadata = metadata("tenant-1", "1.0");

        assertThatThrownBy(() -> new EventEnvelope<>(null, "x")).hasMessage("metadata is required");
        assertThatThrownBy(() -> new EventEnvelope<>(metadata, null)).hasMessage("payload is required");
    }
}
