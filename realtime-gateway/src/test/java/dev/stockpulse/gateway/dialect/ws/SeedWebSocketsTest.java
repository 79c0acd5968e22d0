package dev.stockpulse.gateway.dialect.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.stockpulse.events.Priority;
import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.gateway.support.TestEvents.Sent;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * The seeds' own WebSocket clients, as a browser opens them (the token as {@code ?access_token=}): seed 000's
 * smart-inventory stream at {@code /stream/ws} and seed 004's Go inventory socket at {@code /ws/inventory}, each with
 * its document's frames, over StockPulse's rooms and recovery.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class SeedWebSocketsTest extends LiveGatewayTest {

    SeedWebSocketsTest() {
        super("tenant-seedws");
    }

    private WsClient open(String path, String token) {
        String separator = path.contains("?") ? "&" : "?";
        return connect(path + separator + "access_token=" + token, Map.of());
    }

    private WsClient connect(String pathAndQuery, Map<String, String> headers) {
        WsClient client = WsClient.connect(base, pathAndQuery, headers);
        client.awaitFrame(f -> "welcome".equals(f.getString("type")));
        return client;
    }

    @Test
    void seed000sStreamHasTheDocumentsEventNamesFieldsActionsAndPings() {
        String token = DevTokens.user(tenant, "alice");
        try (WsClient stream = open("/stream/ws?channels=orders,stock", token);
                WsClient everything = open("/stream/ws", token);
                WsClient stranger = open("/stream/ws", DevTokens.user(freshTenant("tenant-seedws-x"), "alice"))) {
            Sent low = events.send(TestEvents.lowStock(tenant, "P001", Priority.HIGH), "P001");
            JsonObject stockLow = stream.awaitEvent(low.eventId());
            assertThat(stockLow.getString("type")).isEqualTo("event");
            assertThat(stockLow.getString("event_type")).isEqualTo("stock.low");
            assertThat(stockLow.getString("stockpulse_event_type")).isEqualTo("inventory.low_stock");
            assertThat(stockLow.getString("timestamp")).isNotBlank();
            assertThat(stockLow.getString("position")).isNotBlank();
            JsonObject data = stockLow.getJsonObject("data");
            assertThat(data.getString("product_id")).isEqualTo("P001");
            assertThat(data.getString("product_name")).isEqualTo("Laptop Computer");
            assertThat(data.getInteger("current_stock")).isEqualTo(8);
            assertThat(data.getInteger("reorder_threshold")).isEqualTo(10);

            Sent order = events.send(TestEvents.orderCreated(tenant, "alice", "o-1"), "o-1");
            JsonObject created = stream.awaitEvent(order.eventId());
            assertThat(created.getString("event_type")).isEqualTo("order.created");
            assertThat(created.getJsonObject("data").getString("order_id")).isEqualTo("o-1");
            assertThat(created.getJsonObject("data").getString("product_id")).isEqualTo("prod-1");
            assertThat(created.getJsonObject("data").getInteger("quantity")).isEqualTo(2);
            assertThat(created.getJsonObject("data").getDouble("total_amount")).isEqualTo(39.80);

            Sent updated = events.send(TestEvents.stockUpdated(tenant, "P002", 10, 7), "P002");
            JsonObject stockUpdated = stream.awaitEvent(updated.eventId());
            assertThat(stockUpdated.getString("event_type")).isEqualTo("stock.updated");
            assertThat(stockUpdated.getJsonObject("data").getInteger("previous_stock")).isEqualTo(10);
            assertThat(stockUpdated.getJsonObject("data").getInteger("current_stock")).isEqualTo(7);

            // No channel named: all of them, as the document says.
            everything.awaitEvent(low.eventId());
            everything.awaitEvent(order.eventId());

            // The server's ping frame, answered as the document's clients do; then a channel added.
            stream.awaitFrame(f -> "ping".equals(f.getString("type")));
            stream.send(new JsonObject().put("action", "pong"));
            stream.send(new JsonObject().put("action", "subscribe").put("channel", "alerts"));
            stream.awaitFrame(f -> "subscribed".equals(f.getString("type")) && "alerts".equals(f.getString("channel")));
            Sent alert = events.send(TestEvents.alertRaised(tenant, "P003"), "P003");
            JsonObject lowStockAlert = stream.awaitEvent(alert.eventId());
            assertThat(lowStockAlert.getString("event_type")).isEqualTo("alert.low_stock");
            assertThat(lowStockAlert.getJsonObject("data").getJsonArray("affected_products")).containsExactly("P003");
            assertThat(lowStockAlert.getJsonObject("data").getString("alert_level")).isEqualTo("high");
            assertThat(stream.frames()).noneMatch(f -> "error".equals(f.getString("type")));

            assertThat(stranger.frames()).noneMatch(f -> "event".equals(f.getString("type")));
        }
    }

    @Test
    void seed000sStreamRecoversWhatAClientMissedWithSince() {
        String token = DevTokens.user(tenant, "alice");
        String position;
        try (WsClient first = open("/stream/ws?channels=stock", token)) {
            Sent seen = events.send(TestEvents.lowStock(tenant, "P1", Priority.LOW), "P1");
            position = first.awaitEvent(seen.eventId()).getString("position");
        }
        Sent missed = events.send(TestEvents.stockUpdated(tenant, "P1", 8, 5), "P1");
        try (WsClient back = open("/stream/ws?channels=stock&since=" + URLEncoder.encode(position,
                StandardCharsets.UTF_8), token)) {
            assertThat(back.awaitFrame(f -> "recovery".equals(f.getString("type"))).getBoolean("recovered")).isTrue();
            assertThat(back.awaitEvent(missed.eventId()).getString("event_type")).isEqualTo("stock.updated");
        }
    }

    @Test
    void seed004sSocketSendsInventoryUpdatesAndLowStockAlertsOnly() {
        String token = DevTokens.user(tenant, "bob");
        try (WsClient socket = open("/ws/inventory", token)) {
            Sent notification = events.send(TestEvents.notification(tenant, "bob"), "bob");
            Sent updated = events.send(TestEvents.stockUpdated(tenant, "P9", 12, 7), "P9");
            Sent low = events.send(TestEvents.lowStock(tenant, "P9", Priority.MEDIUM), "P9");

            JsonObject update = socket.awaitFrame(f -> updated.eventId().equals(f.getString("event_id")));
            assertThat(update.getString("type")).isEqualTo("inventory_update");
            assertThat(update.getString("inventory_id")).isEqualTo("P9:wh-a");
            assertThat(update.getString("product_id")).isEqualTo("P9");
            assertThat(update.getString("warehouse_id")).isEqualTo("wh-a");
            assertThat(update.getInteger("quantity")).isEqualTo(7);
            assertThat(update.getString("action")).isEqualTo("adjusted");
            assertThat(update.getString("timestamp")).isNotBlank();

            JsonObject alert = socket.awaitFrame(f -> low.eventId().equals(f.getString("event_id")));
            assertThat(alert.getString("type")).isEqualTo("low_stock_alert");
            assertThat(alert.getString("warehouse_id")).isEqualTo("wh-a");
            assertThat(alert.getInteger("current_quantity")).isEqualTo(8);
            assertThat(alert.getInteger("min_stock")).isEqualTo(10);
            assertThat(alert.getString("product_name")).isEqualTo("Laptop Computer");
            assertThat(socket.frames()).as("no message for a notification")
                    .noneMatch(f -> notification.eventId().equals(f.getString("event_id")));

            socket.send("x".repeat(513));
            assertThat(socket.awaitClosed()).isEqualTo(1009);
        }
    }

    /** Issue 19's events: on /ws's forecasts channel, and under seed 000's names on its stream. */
    @Test
    void forecastAndRetrainEventsReachTheForecastsChannel() {
        String token = DevTokens.user(tenant, "carol");
        try (WsClient own = connect("/ws?channels=forecasts", Map.of("Authorization", "Bearer " + token));
                WsClient stock = connect("/ws?channels=stock", Map.of("Authorization", "Bearer " + token));
                WsClient seed = open("/stream/ws?channels=forecasts", token)) {
            Sent forecast = events.send(TestEvents.forecastGenerated(tenant, "electronics"), "electronics");
            Sent retrained = events.send(TestEvents.modelRetrained(tenant), "forecasts");

            JsonObject generated = own.awaitEvent(forecast.eventId());
            assertThat(generated.getString("channel")).isEqualTo("forecasts");
            assertThat(generated.getJsonObject("data").getDouble("predicted_demand")).isEqualTo(140.0);
            own.awaitEvent(retrained.eventId());

            assertThat(seed.awaitEvent(forecast.eventId()).getString("event_type")).isEqualTo("forecast.generated");
            JsonObject model = seed.awaitEvent(retrained.eventId());
            assertThat(model.getString("event_type")).isEqualTo("model.retrained");
            assertThat(model.getJsonObject("data").getJsonArray("metrics")).hasSize(1);
            assertThat(stock.received(forecast.eventId())).as("not on the stock channel").isFalse();
        }
    }
}
