package dev.stockpulse.inventory.reservation;

import static dev.stockpulse.inventory.InventoryApi.adjust;
import static dev.stockpulse.inventory.InventoryApi.product;
import static dev.stockpulse.inventory.InventoryApi.warehouse;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventKeys;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventSchemas;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.StockReservationFailedPayload;
import dev.stockpulse.events.inventory.StockReservedPayload;
import dev.stockpulse.events.sales.OrderLine;
import dev.stockpulse.events.sales.OrderPayload;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class ReservationTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    final String staff = DevTokens.staff(tenant, "clerk");
    KafkaProducer<String, String> producer;

    @BeforeEach
    void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void anOrderWithEnoughStockIsReservedAcrossWarehousesOnceAndReleasedOnCancel() throws Exception {
        String north = warehouse(staff);
        String south = warehouse(staff);
        String laptop = product(staff, 2);
        adjust(staff, laptop, north, 5, "receipt").then().statusCode(200);
        adjust(staff, laptop, south, 4, "receipt").then().statusCode(200);
        String orderId = "order-" + UUID.randomUUID();

        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, Topics.INVENTORY_EVENTS)) {
            EventEnvelope<OrderPayload> created = order(EventType.ORDER_CREATED, orderId, "pending", laptop, 7);
            publish(created, orderId);
            publish(created, orderId);

            ConsumerRecord<String, String> answer = reader.await(r -> isAnswerTo(r, orderId, "inventory.stock.reserved"),
                    Duration.ofSeconds(30));
            assertThat(EventSchemas.validate(answer.value())).isEmpty();
            EventEnvelope<StockReservedPayload> reserved = EventCodec.decode(answer.value(), StockReservedPayload.class);
            assertThat(reserved.metadata().userId()).isEqualTo("buyer-1");
            assertThat(reserved.metadata().causationId()).isEqualTo(created.metadata().eventId().toString());
            assertThat(reserved.payload().lines()).extracting(l -> l.quantity()).containsExactlyInAnyOrder(5L, 2L);
            assertThat(answer.key()).isEqualTo(EventKeys.of(tenant, orderId));
        }
        given().auth().oauth2(staff).get("/api/inventory/products/" + laptop + "/stock").then().statusCode(200);
        assertThat(totalStock(laptop)).isEqualTo(2);

        publish(order(EventType.ORDER_CANCELLED, orderId, "cancelled", laptop, 7), orderId);
        await().atMost(Duration.ofSeconds(30)).until(() -> totalStock(laptop) == 9);
        List<Map<String, Object>> ledger = given().auth().oauth2(staff).queryParam("product_id", laptop)
                .get("/api/inventory/movements").then().extract().jsonPath().getList("");
        assertThat(ledger).extracting(m -> m.get("reason")).filteredOn("reservation"::equals).hasSize(2);
        assertThat(ledger).extracting(m -> m.get("reason")).filteredOn("release"::equals).hasSize(2);
    }

    @Test
    void anOrderThatCannotBeFilledReservesNothingAndSaysWhichLinesAreShort() throws Exception {
        String warehouse = warehouse(staff);
        String enough = product(staff, 2);
        String scarce = product(staff, 2);
        adjust(staff, enough, warehouse, 10, "receipt").then().statusCode(200);
        adjust(staff, scarce, warehouse, 1, "receipt").then().statusCode(200);
        String orderId = "order-" + UUID.randomUUID();
        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, Topics.INVENTORY_EVENTS)) {
            EventEnvelope<OrderPayload> created = new EventEnvelope<>(
                    EventMetadata.create(EventType.ORDER_CREATED, "sales-service", tenant, "corr", Priority.LOW)
                            .withUserId("buyer-1"),
                    new OrderPayload(orderId, "buyer-1", "pending", List.of(
                            new OrderLine(enough, 3, new BigDecimal("10.00")),
                            new OrderLine(scarce, 2, new BigDecimal("10.00"))), new BigDecimal("50.00"), null));
            publish(created, orderId);
            ConsumerRecord<String, String> answer = reader.await(
                    r -> isAnswerTo(r, orderId, "inventory.stock.reservation_failed"), Duration.ofSeconds(30));
            StockReservationFailedPayload failed = EventCodec.decode(answer.value(), StockReservationFailedPayload.class)
                    .payload();
            assertThat(failed.shortLines()).singleElement().satisfies(line -> {
                assertThat(line.productId()).isEqualTo(scarce);
                assertThat(line.requested()).isEqualTo(2);
                assertThat(line.available()).isEqualTo(1);
            });
        }
        assertThat(totalStock(enough)).isEqualTo(10);
        assertThat(totalStock(scarce)).isEqualTo(1);
    }

    @Test
    void anOrderWhoseCorrelationIdIsTooLongForTheLedgerIsAnsweredAndSoIsTheNextOrderOnItsKey() throws Exception {
        String warehouse = warehouse(staff);
        String laptop = product(staff, 2);
        adjust(staff, laptop, warehouse, 10, "receipt").then().statusCode(200);
        String key = "key-" + UUID.randomUUID();
        String longOrder = "order-" + UUID.randomUUID();
        String nextOrder = "order-" + UUID.randomUUID();
        String correlationId = "c".repeat(300);

        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, Topics.INVENTORY_EVENTS)) {
            EventEnvelope<OrderPayload> created = order(EventType.ORDER_CREATED, longOrder, "pending", laptop, 1);
            publish(new EventEnvelope<>(new EventMetadata(created.metadata().eventId(), created.metadata().eventType(),
                    created.metadata().eventVersion(), created.metadata().timestamp(), created.metadata().sourceService(),
                    tenant, correlationId, null, Priority.LOW, "buyer-1"), created.payload()), key);
            publish(order(EventType.ORDER_CREATED, nextOrder, "pending", laptop, 2), key);

            reader.await(r -> isAnswerTo(r, longOrder, "inventory.stock.reserved"), Duration.ofSeconds(30));
            reader.await(r -> isAnswerTo(r, nextOrder, "inventory.stock.reserved"), Duration.ofSeconds(30));
        }
        assertThat(totalStock(laptop)).isEqualTo(7);
        List<String> correlations = given().auth().oauth2(staff).queryParam("product_id", laptop)
                .get("/api/inventory/movements").then().statusCode(200).extract().jsonPath().getList("correlation_id");
        assertThat(correlations).filteredOn(c -> c.startsWith("ccc")).singleElement()
                .satisfies(c -> assertThat(c).hasSize(128).endsWith("c\u2026"));
    }

    @Test
    void aRecordThatHitsAPermanentDatabaseErrorIsDeadLetteredWithTheSqlStateAndTheNextOnItsKeyIsAnswered()
            throws Exception {
        String warehouse = warehouse(staff);
        String laptop = product(staff, 2);
        adjust(staff, laptop, warehouse, 10, "receipt").then().statusCode(200);
        String key = "key-" + UUID.randomUUID();
        // Longer than processed_order_event.order_id: no REST call of sales-service makes one, another producer may.
        String poisonOrder = "order-" + "x".repeat(100);
        String nextOrder = "order-" + UUID.randomUUID();

        try (TopicReader dlq = TopicReader.fromEnd(bootstrapServers, Topics.deadLetter(Topics.SALES_EVENTS));
                TopicReader reader = TopicReader.fromEnd(bootstrapServers, Topics.INVENTORY_EVENTS)) {
            EventEnvelope<OrderPayload> poison = order(EventType.ORDER_CREATED, poisonOrder, "pending", laptop, 1);
            publish(poison, key);
            publish(order(EventType.ORDER_CREATED, nextOrder, "pending", laptop, 2), key);

            reader.await(r -> isAnswerTo(r, nextOrder, "inventory.stock.reserved"), Duration.ofSeconds(30));
            ConsumerRecord<String, String> parked = dlq.await(r -> EventKeys.of(tenant, key).equals(r.key()),
                    Duration.ofSeconds(30));
            assertThat(parked.value()).isEqualTo(EventCodec.encodeToString(poison));
            assertThat(TopicReader.header(parked, EventHeaders.DLQ_REASON)).contains("22001").contains("value too long");
            assertThat(TopicReader.header(parked, EventHeaders.DLQ_ORIGIN_TOPIC)).isEqualTo(Topics.SALES_EVENTS);
        }
        assertThat(totalStock(laptop)).isEqualTo(8);
    }

    /** Producers that follow the ERP document (seed 001) write their own event ids and no headers. */
    @Test
    void anOrderEventWithItsProducersOwnIdAndNoHeadersIsReservedOnce() throws Exception {
        String warehouse = warehouse(staff);
        String laptop = product(staff, 2);
        adjust(staff, laptop, warehouse, 10, "receipt").then().statusCode(200);
        String orderId = "order-" + UUID.randomUUID();
        String nextOrder = "order-" + UUID.randomUUID();
        EventEnvelope<OrderPayload> created = withEventId("evt-" + orderId,
                order(EventType.ORDER_CREATED, orderId, "pending", laptop, 3));

        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, Topics.INVENTORY_EVENTS)) {
            publishWithoutHeaders(created, orderId);
            publishWithoutHeaders(created, orderId);
            // Same key, after the copy: once it is answered, the copy has been read.
            publishWithoutHeaders(withEventId("evt-" + nextOrder,
                    order(EventType.ORDER_CREATED, nextOrder, "pending", laptop, 1)), orderId);

            ConsumerRecord<String, String> answer = reader.await(
                    r -> isAnswerTo(r, orderId, "inventory.stock.reserved"), Duration.ofSeconds(30));
            assertThat(EventCodec.decode(answer.value()).metadata().causationId()).isEqualTo("evt-" + orderId);
            reader.await(r -> isAnswerTo(r, nextOrder, "inventory.stock.reserved"), Duration.ofSeconds(30));
            reader.poll(Duration.ofSeconds(1));
            assertThat(reader.seen()).filteredOn(r -> isAnswerTo(r, orderId, "inventory.stock.reserved")).hasSize(1);
        }
        // The copy was read before the next order (same key), whose answer follows its commit: 10 - 3 - 1.
        assertThat(totalStock(laptop)).isEqualTo(6);
    }

    private static <P> EventEnvelope<P> withEventId(String eventId, EventEnvelope<P> event) {
        EventMetadata m = event.metadata();
        return new EventEnvelope<>(new EventMetadata(eventId, m.eventType(), m.eventVersion(), m.timestamp(),
                m.sourceService(), m.tenantId(), m.correlationId(), m.causationId(), m.priority(), m.userId()),
                event.payload());
    }

    private void publishWithoutHeaders(EventEnvelope<?> event, String orderId) throws Exception {
        producer.send(new ProducerRecord<>(Topics.SALES_EVENTS, EventKeys.of(tenant, orderId),
                EventCodec.encodeToString(event))).get();
    }

    private long totalStock(String productId) {
        List<Integer> levels = given().auth().oauth2(staff).get("/api/inventory/products/" + productId + "/stock")
                .then().statusCode(200).extract().jsonPath().getList("quantity", Integer.class);
        return levels.stream().mapToLong(Integer::longValue).sum();
    }

    private EventEnvelope<OrderPayload> order(EventType type, String orderId, String status, String productId, long quantity) {
        return new EventEnvelope<>(EventMetadata.create(type, "sales-service", tenant, "corr-" + orderId, Priority.LOW)
                .withUserId("buyer-1"),
                new OrderPayload(orderId, "buyer-1", status, List.of(new OrderLine(productId, quantity, new BigDecimal("1200.00"))),
                        new BigDecimal("1200.00").multiply(BigDecimal.valueOf(quantity)), null));
    }

    private void publish(EventEnvelope<?> event, String orderId) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.SALES_EVENTS, EventKeys.of(tenant, orderId),
                EventCodec.encodeToString(event));
        EventHeaders.of(event.metadata()).forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(record).get();
    }

    private static boolean isAnswerTo(ConsumerRecord<String, String> r, String orderId, String type) {
        return type.equals(TopicReader.header(r, EventHeaders.EVENT_TYPE)) && r.key().endsWith(":" + orderId);
    }
}
