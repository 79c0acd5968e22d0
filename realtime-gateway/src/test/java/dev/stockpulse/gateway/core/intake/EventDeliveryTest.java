package dev.stockpulse.gateway.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.gateway.core.recovery.PositionCodec;
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
 * Events produced into the real broker reach exactly the connections whose rooms and channels match. A frame that
 * must not arrive is checked after a later frame on the same partition did arrive: the gateway handles one
 * partition in order, so by then the earlier record has been dealt with.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class EventDeliveryTest extends LiveGatewayTest {

    private String tenantA;
    private String tenantB;

    EventDeliveryTest() {
        super("tenant-a");
    }

    @BeforeEach
    void secondTenant() {
        tenantA = tenant;
        tenantB = freshTenant("tenant-b");
    }

    @Test
    void lowStockReachesTheTenantsStockSubscribersOnly() {
        try (WsClient stockWatcher = connect("/ws?channels=stock", DevTokens.user(tenantA, "alice"));
                WsClient otherTenant = connect("/ws?channels=all", DevTokens.user(tenantB, "bob"));
                WsClient ordersOnly = connect("/ws?channels=orders", DevTokens.user(tenantA, "carol"))) {

            EventEnvelope<LowStockPayload> lowStock = TestEvents.lowStock(tenantA, "prod-1001", Priority.HIGH);
            Sent sent = events.send(lowStock, "prod-1001");

            JsonObject frame = stockWatcher.awaitEvent(sent.eventId());
            assertThat(frame.getString("type")).isEqualTo("event");
            assertThat(frame.getString("channel")).isEqualTo("stock");
            assertThat(frame.getString("event_type")).isEqualTo("inventory.low_stock");
            assertThat(frame.getString("priority")).isEqualTo("high");
            assertThat(frame.getString("tenant_id")).isEqualTo(tenantA);
            assertThat(frame.getString("timestamp")).isEqualTo(lowStock.metadata().timestamp().toString());
            assertThat(new PositionCodec(List.of(Topics.INVENTORY_EVENTS, Topics.SALES_EVENTS))
                    .decode(frame.getString("position")))
                    .as("the position says the gateway had read up to this record")
                    .containsEntry(new TopicPartition(sent.topic(), sent.partition()), sent.offset());
            JsonObject data = frame.getJsonObject("data");
            assertThat(data.getString("product_id")).isEqualTo("prod-1001");
            assertThat(data.getString("product_sku")).isEqualTo("SKU-prod-1001");
            assertThat(data.getLong("current_stock")).isEqualTo(8L);
            assertThat(data.getLong("reorder_level")).isEqualTo(10L);
            assertThat(new BigDecimal(data.getValue("unit_price").toString())).isEqualByComparingTo("1200");
            assertThat(data.getDouble("days_of_stock_remaining")).isEqualTo(2.5);

            // Later records on the same partition that these two clients do receive.
            Sent laterForB = events.send(TestEvents.lowStock(tenantB, "prod-2002", Priority.LOW), "prod-2002",
                    sent.partition());
            otherTenant.awaitEvent(laterForB.eventId());
            Sent laterForCarol = events.send(TestEvents.stockReserved(tenantA, "carol", "order-1"), "order-1",
                    sent.partition());
            ordersOnly.awaitEvent(laterForCarol.eventId());

            assertThat(otherTenant.received(sent.eventId())).as("another tenant's client got the event").isFalse();
            assertThat(ordersOnly.received(sent.eventId())).as("an orders-only client got a stock event").isFalse();
            assertThat(stockWatcher.received(laterForCarol.eventId())).as("stock client got an orders event").isFalse();
        }
    }

    @Test
    void orderEventsReachTheBuyerAndTheTenantsAdminsButNoOtherUser() {
        try (WsClient buyer = connect("/ws", DevTokens.user(tenantA, "alice"));
                WsClient admin = connect("/ws?channels=orders", DevTokens.admin(tenantA, "boss"));
                WsClient otherUser = connect("/ws", DevTokens.user(tenantA, "dave"));
                WsClient otherTenantsAdmin = connect("/ws", DevTokens.admin(tenantB, "boss"))) {

            Sent order = events.send(TestEvents.orderCreated(tenantA, "alice", "order-7"), "order-7");

            assertThat(buyer.awaitEvent(order.eventId()).getString("channel")).isEqualTo("orders");
            assertThat(admin.awaitEvent(order.eventId()).getJsonObject("data").getString("order_id"))
                    .isEqualTo("order-7");

            Sent forDave = events.send(TestEvents.notification(tenantA, "dave"), "order-7", order.partition());
            assertThat(otherUser.awaitEvent(forDave.eventId()).getString("channel")).isEqualTo("notifications");
            Sent forOtherTenant = events.send(TestEvents.alertRaised(tenantB, "prod-9"), "order-7", order.partition());
            otherTenantsAdmin.awaitEvent(forOtherTenant.eventId());

            assertThat(otherUser.received(order.eventId())).as("another user got alice's order").isFalse();
            assertThat(otherTenantsAdmin.received(order.eventId())).as("another tenant's admin got the order").isFalse();
            assertThat(buyer.received(forDave.eventId())).as("alice got dave's notification").isFalse();
        }
    }

    @Test
    void channelsChangedAtRuntimeApplyToTheNextEvent() {
        try (WsClient client = connect("/ws?channels=orders", DevTokens.user(tenantA, "alice"))) {
            int seen = client.frameCount();
            client.send(new JsonObject().put("action", "subscribe").put("channel", "alerts"));
            client.awaitFrameAfter(seen, "subscribed");

            Sent alert = events.send(TestEvents.alertRaised(tenantA, "prod-1"), "prod-1");

            assertThat(client.awaitEvent(alert.eventId()).getString("channel")).isEqualTo("alerts");
        }
    }

    @Test
    void aRecordThatBreaksTheContractIsSkippedAndTheNextOneStillArrives() {
        try (WsClient client = connect("/ws?channels=stock", DevTokens.user(tenantA, "alice"))) {
            Map<String, String> headers = Map.of(EventHeaders.EVENT_TYPE, "inventory.low_stock",
                    EventHeaders.TENANT_ID, tenantA, EventHeaders.PRIORITY, "high");
            Sent broken = events.sendRaw(Topics.INVENTORY_EVENTS, 0, tenantA + ":prod-1",
                    "{\"metadata\":{\"event_type\":".getBytes(StandardCharsets.UTF_8), headers, "broken");
            Sent missingPayload = events.sendRaw(Topics.INVENTORY_EVENTS, 0, tenantA + ":prod-1",
                    "{\"metadata\":{}}".getBytes(StandardCharsets.UTF_8), headers, "missing-payload");

            Sent good = events.send(TestEvents.lowStock(tenantA, "prod-1", Priority.MEDIUM), "prod-1", 0);

            JsonObject frame = client.awaitEvent(good.eventId());
            assertThat(frame.getString("priority")).isEqualTo("medium");
            assertThat(client.frames()).filteredOn(f -> "event".equals(f.getString("type"))).hasSize(1);
            assertThat(broken.offset()).isLessThan(good.offset());
            assertThat(missingPayload.offset()).isLessThan(good.offset());
        }
    }

    @Test
    void recordsWithoutHeadersAreRoutedByTheirBody() {
        try (WsClient client = connect("/ws?channels=stock", DevTokens.user(tenantA, "alice"))) {
            EventEnvelope<LowStockPayload> lowStock = TestEvents.lowStock(tenantA, "prod-3", Priority.CRITICAL);
            Sent sent = events.sendRaw(Topics.INVENTORY_EVENTS, null, tenantA + ":prod-3",
                    dev.stockpulse.events.EventCodec.encode(lowStock), Map.of(), lowStock.metadata().eventId().toString());

            assertThat(client.awaitEvent(sent.eventId()).getString("priority")).isEqualTo("critical");
        }
    }
}
