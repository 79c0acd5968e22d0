package dev.stockpulse.gateway.dialect.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stockpulse.gateway.dialect.socketio.SeedEvents.Audience;
import dev.stockpulse.gateway.dialect.socketio.SeedEvents.Named;

/** Each StockPulse event as the seeds' clients read it: names, audiences and the fields they use. */
class SeedEventsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode frame(String type, String priority, String data) throws Exception {
        return MAPPER.readTree("{\"type\":\"event\",\"channel\":\"x\",\"position\":\"P\",\"event_id\":\"e-1\","
                + "\"event_type\":\"" + type + "\",\"timestamp\":\"2026-12-05T10:00:00Z\",\"priority\":\"" + priority
                + "\",\"tenant_id\":\"t\",\"data\":" + data + "}");
    }

    private static Named named(List<Named> events, String name) {
        return events.stream().filter(event -> event.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anOrderGoesToItsBuyerAndToAdminsUnderSeed002sNames() throws Exception {
        List<Named> events = SeedEvents.of(frame("sales.order.confirmed", "medium",
                "{\"order_id\":\"o-1\",\"user_id\":\"u-1\",\"status\":\"confirmed\",\"lines\":[],\"total\":12.5}"));
        assertThat(events).extracting(Named::name, Named::audience).containsExactly(
                org.assertj.core.groups.Tuple.tuple("order:updated", Audience.OWNER),
                org.assertj.core.groups.Tuple.tuple("admin:order:updated", Audience.ADMINS));
        JsonNode payload = named(events, "order:updated").payload();
        assertThat(payload.path("orderId").asText()).isEqualTo("o-1");
        assertThat(payload.path("buyerId").asText()).isEqualTo("u-1");
        assertThat(payload.path("status").asText()).isEqualTo("confirmed");
        assertThat(payload.path("previousStatus").asText()).isEqualTo("pending");
        assertThat(payload.path("total").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(payload.path("eventType").asText()).isEqualTo("sales.order.confirmed");
        assertThat(payload.path("data").path("order_id").asText()).isEqualTo("o-1");

        assertThat(SeedEvents.of(frame("sales.order.cancelled", "medium", "{\"order_id\":\"o\",\"user_id\":\"u\","
                + "\"status\":\"cancelled\",\"lines\":[],\"total\":1,\"reason\":\"changed mind\"}")))
                .extracting(Named::name).containsExactly("order:cancelled", "admin:order:updated");
    }

    @Test
    void aBoundProducersStatusChangeIsOrderUpdatedWithItsOwnPreviousStatus() throws Exception {
        List<Named> events = SeedEvents.of(frame("sales.order.status_changed", "medium",
                "{\"order_id\":\"o-1\",\"user_id\":\"u-1\",\"status\":\"shipped\","
                        + "\"previous_status\":\"processing\"}"));
        assertThat(events).extracting(Named::name, Named::audience).containsExactly(
                org.assertj.core.groups.Tuple.tuple("order:updated", Audience.OWNER),
                org.assertj.core.groups.Tuple.tuple("admin:order:updated", Audience.ADMINS));
        JsonNode payload = named(events, "order:updated").payload();
        assertThat(payload.path("orderId").asText()).isEqualTo("o-1");
        assertThat(payload.path("buyerId").asText()).isEqualTo("u-1");
        assertThat(payload.path("status").asText()).isEqualTo("shipped");
        assertThat(payload.path("previousStatus").asText()).isEqualTo("processing");
        assertThat(payload.path("updatedAt").asText()).isEqualTo("2026-12-05T10:00:00Z");
        assertThat(payload.has("total")).isFalse();
        assertThat(payload.has("items")).isFalse();

        JsonNode withoutPrevious = named(SeedEvents.of(frame("sales.order.status_changed", "medium",
                "{\"order_id\":\"o\",\"user_id\":\"u\",\"status\":\"shipped\"}")), "order:updated").payload();
        assertThat(withoutPrevious.has("previousStatus")).isFalse();
    }

    @Test
    void aStockChangeIsSeed002sInventoryUpdatedAndSeed003sInventoryUpdate() throws Exception {
        List<Named> events = SeedEvents.of(frame("inventory.stock.updated", "low",
                "{\"product_id\":\"p-1\",\"product_sku\":\"SKU-1\",\"warehouse_id\":\"wh\",\"previous_quantity\":10,"
                        + "\"current_quantity\":7,\"delta\":-3,\"reason\":\"sale\"}"));
        assertThat(events).extracting(Named::name).containsExactly("inventory:updated", "admin:inventory:updated",
                "inventory:update");
        JsonNode seed002 = named(events, "inventory:updated").payload();
        assertThat(seed002.path("productId").asText()).isEqualTo("p-1");
        assertThat(seed002.path("sku").asText()).isEqualTo("SKU-1");
        assertThat(seed002.path("stock").asLong()).isEqualTo(7);
        assertThat(seed002.path("previousStock").asLong()).isEqualTo(10);
        JsonNode seed003 = named(events, "inventory:update").payload();
        assertThat(seed003.path("type").asText()).isEqualTo("stock_updated");
        assertThat(seed003.path("item").path("id").asText()).isEqualTo("p-1");
        assertThat(seed003.path("details").path("oldStock").asLong()).isEqualTo(10);
        assertThat(seed003.path("details").path("newStock").asLong()).isEqualTo(7);
        assertThat(seed003.path("details").path("quantity").asLong()).isEqualTo(-3);
        assertThat(seed003.path("timestamp").asText()).isEqualTo("2026-12-05T10:00:00Z");

        JsonNode replenished = named(SeedEvents.of(frame("inventory.stock.replenished", "low",
                "{\"product_id\":\"p\",\"product_sku\":\"S\",\"product_name\":\"Laptop\",\"previous_stock\":2,"
                        + "\"current_stock\":52,\"reorder_level\":10}")), "inventory:update").payload();
        assertThat(replenished.path("details").path("quantity").asLong()).isEqualTo(50);
        assertThat(replenished.path("item").path("name").asText()).isEqualTo("Laptop");
    }

    @Test
    void productsAreSeed002sProductEventsAndSeed003sInventoryUpdate() throws Exception {
        List<Named> events = SeedEvents.of(frame("inventory.product.created", "low",
                "{\"product_id\":\"p\",\"sku\":\"S\",\"name\":\"Laptop\",\"category\":\"it\",\"unit_price\":999.0,"
                        + "\"reorder_level\":5,\"reorder_quantity\":20,\"active\":true}"));
        assertThat(events).extracting(Named::name).containsExactly("product:created", "inventory:update");
        assertThat(named(events, "product:created").payload().path("productName").asText()).isEqualTo("Laptop");
        JsonNode update = named(events, "inventory:update").payload();
        assertThat(update.path("type").asText()).isEqualTo("created");
        assertThat(update.path("item").path("minStock").asLong()).isEqualTo(5);
        assertThat(SeedEvents.of(frame("inventory.product.deleted", "low", "{\"product_id\":\"p\",\"sku\":\"S\"}")))
                .extracting(event -> event.payload().path("type").asText(), Named::name)
                .contains(org.assertj.core.groups.Tuple.tuple("deleted", "inventory:update"));
    }

    @Test
    void lowAndOutOfStockAreSeed003sAlertsWithTheirSeverity() throws Exception {
        JsonNode low = named(SeedEvents.of(frame("inventory.low_stock", "high",
                "{\"product_id\":\"p\",\"product_sku\":\"S\",\"product_name\":\"Laptop\",\"current_stock\":3,"
                        + "\"reorder_level\":10,\"reorder_quantity\":50,\"unit_price\":1}")), "alert").payload();
        assertThat(low.path("id").asText()).isEqualTo("e-1");
        assertThat(low.path("type").asText()).isEqualTo("low_stock");
        assertThat(low.path("severity").asText()).isEqualTo("high");
        assertThat(low.path("title").asText()).isEqualTo("Low stock: Laptop");
        assertThat(low.path("message").asText()).isEqualTo("Laptop is down to 3 (reorder level 10)");
        assertThat(low.path("itemName").asText()).isEqualTo("Laptop");
        assertThat(low.path("currentStock").asLong()).isEqualTo(3);
        assertThat(low.path("minStock").asLong()).isEqualTo(10);

        JsonNode out = named(SeedEvents.of(frame("inventory.out_of_stock", "critical",
                "{\"product_id\":\"p\",\"product_sku\":\"S\",\"product_name\":\"Laptop\",\"reorder_level\":10,"
                        + "\"reorder_quantity\":50}")), "alert").payload();
        assertThat(out.path("type").asText()).isEqualTo("out_of_stock");
        assertThat(out.path("severity").asText()).isEqualTo("critical");
        assertThat(out.path("currentStock").asLong()).isZero();
    }

    @Test
    void alertsAreAdminAlertsForAdminsAndTheirOwnTypeForEveryone() throws Exception {
        List<Named> events = SeedEvents.of(frame("sales.alert.raised", "high",
                "{\"alert_id\":\"a-1\",\"kind\":\"low_stock\",\"status\":\"raised\",\"product_id\":\"p\","
                        + "\"priority\":\"high\",\"message\":\"Stock is low\"}"));
        assertThat(events).extracting(Named::name, Named::audience).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sales.alert.raised", Audience.EVERYONE),
                org.assertj.core.groups.Tuple.tuple("admin:alert", Audience.ADMINS));
        JsonNode admin = named(events, "admin:alert").payload();
        assertThat(admin.path("id").asText()).isEqualTo("a-1");
        assertThat(admin.path("status").asText()).isEqualTo("raised");
        assertThat(admin.path("severity").asText()).isEqualTo("high");
        assertThat(named(events, "sales.alert.raised").payload().path("event_type").asText())
                .isEqualTo("sales.alert.raised");
    }

    @Test
    void aNotificationHasSeed003sTypeAndAnUnknownEventKeepsItsName() throws Exception {
        JsonNode notification = named(SeedEvents.of(frame("sales.notification", "low",
                "{\"notification_id\":\"n\",\"user_id\":\"u\",\"title\":\"T\",\"message\":\"M\","
                        + "\"level\":\"warning\"}")),
                "notification").payload();
        assertThat(notification.path("type").asText()).isEqualTo("warning");
        assertThat(notification.path("title").asText()).isEqualTo("T");
        assertThat(notification.path("userId").asText()).isEqualTo("u");

        List<Named> reserved = SeedEvents.of(frame("inventory.stock.reserved", "medium", "{\"order_id\":\"o\"}"));
        assertThat(reserved).extracting(Named::name, Named::audience)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("inventory.stock.reserved", Audience.EVERYONE));
        assertThat(reserved.get(0).payload().path("position").asText()).isEqualTo("P");
    }
}
