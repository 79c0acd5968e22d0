package dev.stockpulse.gateway.core.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventSchemas;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.inventory.StockUpdatedPayload;
import dev.stockpulse.events.sales.OrderStatusChangedPayload;

/** Seed 002's plain records as StockPulse events, and the records that make none. */
class TopicBindingTest {

    private static final long RECORD_TIME = Instant.parse("2026-12-01T08:00:00.123456Z").toEpochMilli();

    private final TopicBinding orders = new TopicBinding("order-service", "order.updated",
            "sales.order.status_changed", "acme", "default");
    private final TopicBinding stock = new TopicBinding("inventory-service-002", "inventory.updated",
            "inventory.stock.updated", "acme", "wh-main");

    @Test
    void seed002sOrderRecordIsAStatusChangeForTheBuyerOfTheBindingsTenant() {
        EventEnvelope<?> event = orders.event(2, 41, RECORD_TIME, json("""
                {"orderId":"665f1c","buyerId":"user-123","status":"shipped","previousStatus":"processing",
                 "updatedAt":"2024-01-01T10:00:00.000Z","tenantId":"someone-else"}"""));

        assertThat(event.metadata().eventType()).isEqualTo("sales.order.status_changed");
        assertThat(event.metadata().tenantId()).isEqualTo("acme");
        assertThat(event.metadata().userId()).isEqualTo("user-123");
        assertThat(event.metadata().sourceService()).isEqualTo("order-service");
        assertThat(event.metadata().priority()).isEqualTo(Priority.MEDIUM);
        assertThat(event.metadata().timestamp()).isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
        assertThat(event.payload()).isEqualTo(new OrderStatusChangedPayload("665f1c", "user-123", "shipped",
                "processing"));
        assertThat(EventSchemas.validate(EventCodec.encodeToString(event))).isEmpty();
    }

    @Test
    void withoutUpdatedAtOrPreviousStatusTheRecordsTimeIsTheEvents() {
        EventEnvelope<?> event = orders.event(0, 0, RECORD_TIME, json("""
                {"orderId":42,"buyerId":"user-1","status":"confirmed"}"""));

        assertThat(event.metadata().timestamp()).isEqualTo(Instant.parse("2026-12-01T08:00:00.123Z"));
        assertThat(event.payload()).isEqualTo(new OrderStatusChangedPayload("42", "user-1", "confirmed", null));
    }

    @Test
    void seed002sInventoryRecordIsAStockUpdateOfTheBindingsWarehouse() {
        EventEnvelope<?> event = stock.event(0, 7, RECORD_TIME, json("""
                {"productId":"prod-789","stock":5,"previousStock":10,"sku":"SKU-001",
                 "productName":"Premium Headphones"}"""));

        assertThat(event.metadata().eventType()).isEqualTo("inventory.stock.updated");
        assertThat(event.metadata().tenantId()).isEqualTo("acme");
        assertThat(event.metadata().userId()).isNull();
        assertThat(event.metadata().priority()).isEqualTo(Priority.LOW);
        assertThat(event.metadata().timestamp()).isEqualTo(Instant.parse("2026-12-01T08:00:00.123Z"));
        assertThat(event.payload()).isEqualTo(new StockUpdatedPayload("prod-789", "SKU-001", "wh-main", 10, 5, -5,
                "external", null));
        assertThat(EventSchemas.validate(EventCodec.encodeToString(event))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"0, CRITICAL", "-3, CRITICAL", "1, LOW"})
    void anEmptyShelfIsCritical(long current, Priority priority) {
        EventEnvelope<?> event = stock.event(0, 7, RECORD_TIME, json("""
                {"productId":"p","stock":%d,"previousStock":4,"sku":"S"}""".formatted(current)));

        assertThat(event.metadata().priority()).isEqualTo(priority);
    }

    @Test
    void theEventIdIsTheRecordsPlaceSoEveryReadingGivesTheSameOne() {
        byte[] value = json("""
                {"orderId":"o-1","buyerId":"u-1","status":"shipped"}""");

        String first = orders.event(1, 99, RECORD_TIME, value).metadata().eventId().toString();

        assertThat(orders.event(1, 99, RECORD_TIME + 5_000, value).metadata().eventId().toString()).isEqualTo(first);
        assertThat(orders.event(1, 100, RECORD_TIME, value).metadata().eventId().toString()).isNotEqualTo(first);
        assertThat(orders.event(0, 99, RECORD_TIME, value).metadata().eventId().toString()).isNotEqualTo(first);
        assertThat(new TopicBinding("x", "order.updated.v2", "sales.order.status_changed", "acme", "default")
                .event(1, 99, RECORD_TIME, value).metadata().eventId().toString()).isNotEqualTo(first);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"buyerId\":\"u\",\"status\":\"shipped\"}|orderId is required",
            "{\"orderId\":\"o\",\"status\":\"shipped\"}|buyerId is required",
            "{\"orderId\":\"o\",\"buyerId\":null,\"status\":\"shipped\"}|buyerId is required",
            "{\"orderId\":\"o\",\"buyerId\":\"u\"}|status is required",
            "{\"orderId\":\"o\",\"buyerId\":\"  \",\"status\":\"shipped\"}|buyerId must be a non-blank string",
            "{\"orderId\":{},\"buyerId\":\"u\",\"status\":\"shipped\"}|orderId must be a non-blank string",
            "{\"orderId\":\"o\",\"buyerId\":\"u\",\"status\":7}|status must be a non-blank string",
            "{\"orderId\":\"o\",\"buyerId\":\"u\",\"status\":\"s\",\"updatedAt\":\"1.1.24\"}|updatedAt must be",
            "[1,2]|not a JSON object",
            "\"shipped\"|not a JSON object",
            "{\"orderId\":|not JSON"})
    void anOrderRecordThatDoesNotFitSaysWhy(String record, String reason) {
        assertThatThrownBy(() -> orders.event(0, 1, RECORD_TIME, json(record)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"stock\":5,\"previousStock\":10,\"sku\":\"S\"}|productId is required",
            "{\"productId\":\"p\",\"previousStock\":10,\"sku\":\"S\"}|stock is required",
            "{\"productId\":\"p\",\"stock\":5,\"sku\":\"S\"}|previousStock is required",
            "{\"productId\":\"p\",\"stock\":5,\"previousStock\":10}|sku is required",
            "{\"productId\":\"p\",\"stock\":\"5\",\"previousStock\":10,\"sku\":\"S\"}|stock must be a whole number",
            "{\"productId\":\"p\",\"stock\":5.5,\"previousStock\":10,\"sku\":\"S\"}|stock must be a whole number",
            "{\"productId\":\"p\",\"stock\":1e30,\"previousStock\":10,\"sku\":\"S\"}|stock must be a whole number",
            "{\"productId\":\"p\",\"stock\":9223372036854775807,\"previousStock\":-10,\"sku\":\"S\"}|too far apart"})
    void aStockRecordThatDoesNotFitSaysWhy(String record, String reason) {
        assertThatThrownBy(() -> stock.event(0, 1, RECORD_TIME, json(record)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @Test
    void aRecordWithoutValueDoesNotFit() {
        assertThatThrownBy(() -> orders.event(0, 1, RECORD_TIME, null)).hasMessageContaining("no value");
        assertThatThrownBy(() -> orders.event(0, 1, RECORD_TIME, new byte[0])).hasMessageContaining("no value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sales.order.created", "inventory.low_stock", "order.updated", ""})
    void onlyTheTwoSeedMappingsExist(String eventType) {
        assertThatThrownBy(() -> new TopicBinding("b", "t", eventType, "acme", "default"))
                .hasMessageContaining("event-type must be one of [sales.order.status_changed,"
                        + " inventory.stock.updated]");
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
