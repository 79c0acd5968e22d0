package dev.stockpulse.sales.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class InventoryEventsConsumerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    KafkaProducer<String, String> producer;
    String tenant;
    String staffToken;

    @BeforeEach
    void setUp() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
        staffToken = DevTokens.staff(tenant, "seller-1");
    }

    @AfterEach
    void tearDown() {
        producer.close();
    }

    @Test
    void theSameEventThreeTimesRaisesOneAlert() throws Exception {
        EventEnvelope<LowStockPayload> event = lowStock(tenant, "p-1", 4, Priority.HIGH);
        for (int i = 0; i < 3; i++) {
            publish(event, "p-1");
        }
        EventEnvelope<LowStockPayload> marker = lowStock(tenant, "p-2", 7, Priority.MEDIUM);
        publish(marker, "p-1");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staffToken)
                .get("/api/alerts").then().statusCode(200).body("", hasSize(2)));
        given().auth().oauth2(staffToken).get("/api/alerts").then()
                .body("find { it.product_id == 'p-1' }.priority", equalTo("high"))
                .body("find { it.product_id == 'p-1' }.status", equalTo("raised"))
                .body("find { it.product_id == 'p-1' }.current_stock", equalTo(4))
                .body("find { it.product_id == 'p-1' }.reorder_suggestion.quantity", equalTo(56));
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndTheRecordsAroundItAreProcessed() throws Exception {
        try (TopicReader dlq = TopicReader.fromEnd(bootstrapServers, Topics.deadLetter(Topics.INVENTORY_EVENTS))) {
            publish(lowStock(tenant, "p-before", 4, Priority.HIGH), "same-key");
            producer.send(new ProducerRecord<>(Topics.INVENTORY_EVENTS, EventKeys.of(tenant, "same-key"),
                    "{\"metadata\": {\"event_type\": \"inventory.low_stock\"}, \"payload\": 42")).get();
            publish(lowStock(tenant, "p-after", 2, Priority.HIGH), "same-key");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staffToken)
                    .get("/api/alerts").then().statusCode(200).body("", hasSize(2)));
            ConsumerRecord<String, String> parked = dlq.await(r -> r.key().equals(EventKeys.of(tenant, "same-key")),
                    Duration.ofSeconds(20));
            assertThat(TopicReader.header(parked, EventHeaders.DLQ_ORIGIN_TOPIC)).isEqualTo(Topics.INVENTORY_EVENTS);
            assertThat(TopicReader.header(parked, EventHeaders.DLQ_ORIGIN_OFFSET)).matches("\\d+");
            assertThat(TopicReader.header(parked, EventHeaders.DLQ_REASON)).isNotBlank();
        }
    }

    @Test
    void anotherTenantSeesNoneOfTheAlerts() throws Exception {
        publish(lowStock(tenant, "p-secret", 1, Priority.HIGH), "p-secret");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staffToken)
                .get("/api/alerts").then().statusCode(200).body("", hasSize(1)));
        String alertId = given().auth().oauth2(staffToken).get("/api/alerts").then().extract().path("[0].id");
        String stranger = DevTokens.admin("other-" + tenant, "boss");
        given().auth().oauth2(stranger).get("/api/alerts").then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(stranger).get("/api/alerts/" + alertId).then().statusCode(404)
                .contentType("application/problem+json");
    }

    private void publish(EventEnvelope<?> event, String aggregateId) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INVENTORY_EVENTS,
                EventKeys.of(event.metadata().tenantId(), aggregateId), EventCodec.encodeToString(event));
        EventHeaders.of(event.metadata()).forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(record).get();
    }

    static EventEnvelope<LowStockPayload> lowStock(String tenant, String productId, long stock, Priority priority) {
        return new EventEnvelope<>(EventMetadata.create(EventType.LOW_STOCK, "inventory-service", tenant, "corr-1", priority),
                new LowStockPayload(productId, "SKU-" + productId, "Laptop " + productId, stock, 10, 50,
                        new BigDecimal("1200.00"), "electronics", "Warehouse A", null, "wh-1"));
    }
}
