package dev.stockpulse.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class TopicsAndHeadersTest {

    @Test
    void topicNamesAreTheOnesInTheDesign() {
        assertThat(Topics.INVENTORY_EVENTS).isEqualTo("inventory-events");
        assertThat(Topics.SALES_EVENTS).isEqualTo("sales-events");
    }

    @Test
    void deadLetterTopicIsTheTopicWithADlqSuffix() {
        assertThat(Topics.deadLetter(Topics.INVENTORY_EVENTS)).isEqualTo("inventory-events.dlq");
        assertThat(Topics.deadLetter(Topics.SALES_EVENTS)).isEqualTo("sales-events.dlq");
        assertThatThrownBy(() -> Topics.deadLetter(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.deadLetter(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headerNamesAreSnakeCaseLikeTheBody() {
        assertThat(EventHeaders.EVENT_TYPE).isEqualTo("event_type");
        assertThat(EventHeaders.TENANT_ID).isEqualTo("tenant_id");
        assertThat(EventHeaders.PRIORITY).isEqualTo("priority");
        assertThat(EventHeaders.EVENT_ID).isEqualTo("event_id");
        assertThat(EventHeaders.DLQ_REASON).isEqualTo("dlq_reason");
        assertThat(EventHeaders.DLQ_ORIGIN_TOPIC).isEqualTo("dlq_origin_topic");
        assertThat(EventHeaders.DLQ_ORIGIN_PARTITION).isEqualTo("dlq_origin_partition");
        assertThat(EventHeaders.DLQ_ORIGIN_OFFSET).isEqualTo("dlq_origin_offset");
    }

    @Test
    void eventHeadersRepeatTheMetadataRoutersNeed() {
        EventMetadata metadata = EventMetadata.create(EventType.LOW_STOCK, "inventory-service", "tenant-1", "req-1",
                Priority.HIGH);

        assertThat(EventHeaders.of(metadata)).containsExactly(
                entry("event_id", metadata.eventId().toString()),
                entry("event_type", "inventory.low_stock"),
                entry("tenant_id", "tenant-1"),
                entry("priority", "high"));
    }
}
