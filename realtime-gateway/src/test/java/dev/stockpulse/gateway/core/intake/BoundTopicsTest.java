package dev.stockpulse.gateway.core.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.SioClient;
import dev.stockpulse.gateway.support.SioClient.Received;
import dev.stockpulse.gateway.support.SioClient.Transports;
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.gateway.support.TestEvents.Sent;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;

/**
 * Seed 002's services publish plain JSON, without StockPulse's envelope, on {@code order.updated} and
 * {@code inventory.updated}. Bound to the gateway (a test profile, so the application restarts), their records,
 * produced exactly as 002's services produce them (no key, no headers), reach real clients of the bound tenant as
 * StockPulse events, and 002's Socket.IO clients under 002's names; a record that does not fit is dead-lettered and
 * the partition goes on; a position recovers them like any other event.
 */
@QuarkusTest
@TestProfile(BoundTopicsTest.Bound.class)
@WithTestResource(LocalStackTestResource.class)
class BoundTopicsTest extends LiveGatewayTest {

    static final String ORDERS_TOPIC = "order.updated";
    static final String STOCK_TOPIC = "inventory.updated";
    static final String ORDERS_TENANT = "acme-002";
    static final String STOCK_TENANT = "globex-002";

    public static final class Bound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.kafka.topics", "inventory-events,sales-events," + ORDERS_TOPIC + "," + STOCK_TOPIC,
                    "gateway.bindings.order-service.topic", ORDERS_TOPIC,
                    "gateway.bindings.order-service.event-type", "sales.order.status_changed",
                    "gateway.bindings.order-service.tenant", ORDERS_TENANT,
                    "gateway.bindings.inventory.topic", STOCK_TOPIC,
                    "gateway.bindings.inventory.event-type", "inventory.stock.updated",
                    "gateway.bindings.inventory.tenant", STOCK_TENANT);
        }
    }

    /** The application whose consumer was seen reading the bound topics. */
    private static volatile Object boundTopicsReadBy;

    BoundTopicsTest() {
        super("tenant-bound");
    }

    /**
     * The bound topics may not exist before the first record (the broker creates them then); the gateway finds their
     * partitions within its metadata refresh. Waits until a probe order reaches its buyer, once per application.
     */
    @BeforeEach
    void awaitBoundTopicsRead() {
        Object application = Arc.container();
        if (boundTopicsReadBy == application) {
            return;
        }
        String buyer = "probe-" + UUID.randomUUID();
        try (WsClient probe = connect("/ws?channels=orders", DevTokens.user(ORDERS_TENANT, buyer))) {
            List<String> orderIds = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                orderIds.add(sendOrder(null, buyer, "shipped").orderId());
                return probe.frames().stream().anyMatch(f -> orderIds.contains(f.getJsonObject("data", new JsonObject())
                        .getString("order_id")));
            });
        }
        boundTopicsReadBy = application;
    }

    @Test
    void seed002sOrderRecordReachesItsBuyerAndTheAdminsOfTheBoundTenantOnly() {
        String buyer = "buyer-" + UUID.randomUUID();
        try (WsClient buyerWs = connect("/ws?channels=all", DevTokens.user(ORDERS_TENANT, buyer));
                WsClient admin = connect("/ws?channels=orders", DevTokens.admin(ORDERS_TENANT, "boss"));
                WsClient colleague = connect("/ws?channels=all", DevTokens.user(ORDERS_TENANT, "colleague"));
                WsClient stranger = connect("/ws?channels=all", DevTokens.admin(tenant, buyer));
                SioClient buyerSio = SioClient.connect(base, Transports.WEBSOCKET_ONLY,
                        Map.of("token", DevTokens.user(ORDERS_TENANT, buyer)), null)) {
            buyerSio.await("connection:success");

            PlainOrder sent = sendOrder(null, buyer, "shipped");

            JsonObject event = buyerWs.awaitFrame(f -> sent.orderId().equals(data(f).getString("order_id")));
            assertThat(event.getString("type")).isEqualTo("event");
            assertThat(event.getString("channel")).isEqualTo("orders");
            assertThat(event.getString("event_type")).isEqualTo("sales.order.status_changed");
            assertThat(event.getString("tenant_id")).isEqualTo(ORDERS_TENANT);
            assertThat(event.getString("event_id")).isEqualTo(
                    TopicBinding.eventId(ORDERS_TOPIC, sent.at().partition(), sent.at().offset()).toString());
            assertThat(Instant.parse(event.getString("timestamp"))).isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
            assertThat(data(event).getMap()).containsEntry("user_id", buyer).containsEntry("status", "shipped")
                    .containsEntry("previous_status", "processing");
            admin.awaitEvent(event.getString("event_id"));

            Received order = buyerSio.await("order:updated");
            assertThat(order.payload().getString("orderId")).isEqualTo(sent.orderId());
            assertThat(order.payload().getString("buyerId")).isEqualTo(buyer);
            assertThat(order.payload().getString("status")).isEqualTo("shipped");
            assertThat(order.payload().getString("previousStatus")).isEqualTo("processing");

            // Whatever reached them would have come before these, which come after the order on the same connections.
            Sent laterForStranger = events.send(TestEvents.notification(tenant, buyer), buyer);
            stranger.awaitEvent(laterForStranger.eventId());
            Sent laterForColleague = events.send(TestEvents.notification(ORDERS_TENANT, "colleague"), "colleague");
            colleague.awaitEvent(laterForColleague.eventId());
            assertThat(stranger.received(event.getString("event_id"))).isFalse();
            assertThat(colleague.received(event.getString("event_id"))).isFalse();
        }
    }

    @Test
    void seed002sInventoryRecordReachesTheBoundTenantOnly() {
        String product = "prod-" + UUID.randomUUID();
        try (WsClient globex = connect("/ws?channels=stock", DevTokens.user(STOCK_TENANT, "alice"));
                WsClient acme = connect("/ws?channels=all", DevTokens.admin(ORDERS_TENANT, "alice"));
                SioClient globexSio = SioClient.connect(base, Transports.WEBSOCKET_ONLY,
                        Map.of("token", DevTokens.user(STOCK_TENANT, "alice")), null)) {
            globexSio.await("connection:success");

            Sent sent = events.sendRaw(STOCK_TOPIC, null, null, json("""
                    {"productId":"%s","stock":5,"previousStock":10,"sku":"SKU-001","productName":"Premium Headphones",
                     "tenantId":"%s"}""".formatted(product, ORDERS_TENANT)), Map.of(), null);

            JsonObject event = globex.awaitFrame(f -> product.equals(data(f).getString("product_id")));
            assertThat(event.getString("event_type")).isEqualTo("inventory.stock.updated");
            assertThat(event.getString("tenant_id")).isEqualTo(STOCK_TENANT);
            assertThat(event.getString("priority")).isEqualTo("low");
            assertThat(data(event).getMap()).containsEntry("product_sku", "SKU-001")
                    .containsEntry("previous_quantity", 10).containsEntry("current_quantity", 5)
                    .containsEntry("delta", -5).containsEntry("warehouse_id", "default")
                    .containsEntry("reason", "external");
            assertThat(event.getString("event_id")).isEqualTo(
                    TopicBinding.eventId(STOCK_TOPIC, sent.partition(), sent.offset()).toString());

            Received stock = await().atMost(Duration.ofSeconds(20)).until(() -> globexSio.received("inventory:updated")
                    .stream().filter(r -> product.equals(r.payload().getString("productId"))).findFirst(),
                    Optional::isPresent).get();
            assertThat(stock.payload().getMap()).containsEntry("stock", 5).containsEntry("previousStock", 10)
                    .containsEntry("sku", "SKU-001");

            Sent later = events.send(TestEvents.notification(ORDERS_TENANT, "alice"), "alice");
            acme.awaitEvent(later.eventId());
            assertThat(acme.received(event.getString("event_id"))).isFalse();
        }
    }

    @Test
    void aRecordThatDoesNotFitIsDeadLetteredAndTheNextOneDelivered() {
        String buyer = "buyer-" + UUID.randomUUID();
        String badOrder = "bad-" + UUID.randomUUID();
        try (WsClient buyerWs = connect("/ws?channels=orders", DevTokens.user(ORDERS_TENANT, buyer))) {
            Sent bad = events.sendRaw(ORDERS_TOPIC, 0, "order-key", json("""
                    {"orderId":"%s","status":"shipped"}""".formatted(badOrder)), Map.of("source", "order-service"),
                    null);
            PlainOrder next = sendOrder(0, buyer, "delivered");

            JsonObject event = buyerWs.awaitFrame(f -> next.orderId().equals(data(f).getString("order_id")));
            assertThat(data(event).getString("status")).isEqualTo("delivered");
            assertThat(buyerWs.frames()).noneMatch(f -> badOrder.equals(data(f).getString("order_id")));

            ConsumerRecord<String, byte[]> letter = awaitDeadLetter(ORDERS_TOPIC + ".dlq", bad);
            assertThat(letter.key()).isEqualTo("order-key");
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).contains(badOrder);
            assertThat(header(letter, EventHeaders.DLQ_REASON)).contains("order-service")
                    .contains("buyerId is required");
            assertThat(header(letter, EventHeaders.DLQ_ORIGIN_TOPIC)).isEqualTo(ORDERS_TOPIC);
            assertThat(header(letter, "source")).isEqualTo("order-service");
        }
    }

    @Test
    void aPositionRecoversABoundRecordOnceWithTheIdAndPositionItHadLive() {
        String buyer = "buyer-" + UUID.randomUUID();
        String before;
        String after;
        String eventId;
        try (WsClient live = WsClient.connect(base, "/ws?channels=orders", DevTokens.user(ORDERS_TENANT, buyer))) {
            before = live.awaitFrame(f -> "welcome".equals(f.getString("type"))).getString("position");
            PlainOrder shipped = sendOrder(null, buyer, "shipped");
            eventId = TopicBinding.eventId(ORDERS_TOPIC, shipped.at().partition(), shipped.at().offset()).toString();
            after = live.awaitEvent(eventId).getString("position");
        }
        PlainOrder next;
        // Another connection of the buyer stays open: once it has the next order, the gateway has read it, so the
        // replay below cannot race the consumer.
        try (WsClient observer = WsClient.connect(base, "/ws?channels=orders", DevTokens.user(ORDERS_TENANT, buyer))) {
            observer.awaitFrame(f -> "welcome".equals(f.getString("type")));
            PlainOrder delivered = sendOrder(null, buyer, "delivered");
            observer.awaitFrame(f -> delivered.orderId().equals(data(f).getString("order_id")));
            next = delivered;
        }

        try (WsClient back = WsClient.connect(base, "/ws?channels=orders&since=" + encode(before),
                DevTokens.user(ORDERS_TENANT, buyer))) {
            JsonObject recovery = back.awaitFrame(f -> "recovery".equals(f.getString("type")));
            assertThat(recovery.getBoolean("recovered")).isTrue();
            assertThat(recovery.getInteger("replayed")).isEqualTo(2);
            assertThat(back.awaitEvent(eventId).getString("position")).isEqualTo(after);
            back.awaitFrame(f -> next.orderId().equals(data(f).getString("order_id")));
            assertThat(back.frames()).filteredOn(f -> eventId.equals(f.getString("event_id"))).hasSize(1);
        }
        try (WsClient again = WsClient.connect(base, "/ws?channels=orders&since=" + encode(after),
                DevTokens.user(ORDERS_TENANT, buyer))) {
            JsonObject recovery = again.awaitFrame(f -> "recovery".equals(f.getString("type")));
            assertThat(recovery.getBoolean("recovered")).isTrue();
            assertThat(recovery.getInteger("replayed")).isEqualTo(1);
            again.awaitFrame(f -> next.orderId().equals(data(f).getString("order_id")));
            assertThat(again.received(eventId)).isFalse();
        }
    }

    record PlainOrder(String orderId, Sent at) {
    }

    /** As seed 002's order service publishes it: no key, no headers, its camelCase fields. */
    private PlainOrder sendOrder(Integer partition, String buyer, String status) {
        String orderId = "ord-" + UUID.randomUUID();
        Sent sent = events.sendRaw(ORDERS_TOPIC, partition, null, json("""
                {"orderId":"%s","buyerId":"%s","status":"%s","previousStatus":"processing",
                 "updatedAt":"2024-01-01T10:00:00.000Z"}""".formatted(orderId, buyer, status)), Map.of(), null);
        return new PlainOrder(orderId, sent);
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetter(String topic, Sent origin) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
            return await().atMost(Duration.ofSeconds(30)).until(() -> {
                if (consumer.assignment().isEmpty()) {
                    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition())).toList();
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(read::add);
                return read.stream().filter(r -> String.valueOf(origin.offset())
                        .equals(header(r, EventHeaders.DLQ_ORIGIN_OFFSET))
                        && String.valueOf(origin.partition()).equals(header(r, EventHeaders.DLQ_ORIGIN_PARTITION)))
                        .findFirst();
            }, Optional::isPresent).get();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonObject data(JsonObject frame) {
        Object data = frame.getValue("data");
        return data instanceof JsonObject object ? object : new JsonObject();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String position) {
        return URLEncoder.encode(position, StandardCharsets.UTF_8);
    }
}
