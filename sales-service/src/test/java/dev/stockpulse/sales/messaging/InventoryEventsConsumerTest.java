package dev.stockpulse.sales.messaging;

import static dev.stockpulse.sales.InventoryEvents.isEvent;
import static dev.stockpulse.sales.InventoryEvents.lowStock;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventKeys;
import dev.stockpulse.events.EventSchemas;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.inventory.ProductPayload;
import dev.stockpulse.events.sales.AlertPayload;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.LocalStack;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import dev.stockpulse.sales.InventoryEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class InventoryEventsConsumerTest {

    private static final String RAISED = "sales.alert.raised";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    MeterRegistry metrics;

    InventoryEvents inventory;
    String tenant;
    String staffToken;

    @BeforeEach
    void setUp() {
        inventory = new InventoryEvents(bootstrapServers);
        tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
        staffToken = DevTokens.staff(tenant, "seller-1");
    }

    @AfterEach
    void tearDown() {
        inventory.close();
    }

    @Test
    void theSameEventThreeTimesRaisesOneAlertAndPublishesOneEvent() {
        try (TopicReader sales = TopicReader.fromEnd(bootstrapServers, Topics.SALES_EVENTS)) {
            EventEnvelope<LowStockPayload> event = lowStock(tenant, "p-1", 4, Priority.HIGH);
            for (int i = 0; i < 3; i++) {
                inventory.publish(event, "p-1");
            }
            inventory.publish(lowStock(tenant, "p-2", 7, Priority.MEDIUM), "p-1");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staffToken)
                    .get("/api/alerts").then().statusCode(200).body("", hasSize(2)));
            given().auth().oauth2(staffToken).get("/api/alerts").then()
                    .body("find { it.product_id == 'p-1' }.kind", equalTo("low_stock"))
                    .body("find { it.product_id == 'p-1' }.priority", equalTo("high"))
                    .body("find { it.product_id == 'p-1' }.status", equalTo("raised"))
                    .body("find { it.product_id == 'p-1' }.current_stock", equalTo(4))
                    .body("find { it.product_id == 'p-1' }.reorder_suggestion.quantity", equalTo(56));

            // The marker's event is published after p-1's (outbox order): once it is there, p-1's are too.
            sales.await(r -> isEvent(r, RAISED, tenant, "p-2"), Duration.ofSeconds(20));
            sales.poll(Duration.ofSeconds(1));
            List<ConsumerRecord<String, String>> raised = sales.seen().stream()
                    .filter(r -> isEvent(r, RAISED, tenant, "p-1")).toList();
            assertThat(raised).hasSize(1);
            ConsumerRecord<String, String> record = raised.get(0);
            assertThat(EventSchemas.validate(record.value())).isEmpty();
            EventEnvelope<AlertPayload> published = EventCodec.decode(record.value(), AlertPayload.class);
            assertThat(published.metadata().causationId()).isEqualTo(event.metadata().eventId().toString());
            assertThat(published.metadata().correlationId()).isEqualTo(event.metadata().correlationId());
            assertThat(published.metadata().sourceService()).isEqualTo("sales-service");
            assertThat(published.metadata().priority()).isEqualTo(Priority.HIGH);
            assertThat(published.payload().kind()).isEqualTo(AlertPayload.KIND_LOW_STOCK);
            assertThat(published.payload().currentStock()).isEqualTo(4);
            assertThat(published.payload().reorderSuggestion().quantity()).isEqualTo(56);
            assertThat(TopicReader.header(record, EventHeaders.EVENT_ID)).isEqualTo(published.metadata().eventId().toString());
            assertThat(TopicReader.header(record, EventHeaders.TENANT_ID)).isEqualTo(tenant);
            assertThat(TopicReader.header(record, EventHeaders.PRIORITY)).isEqualTo("high");
        }
    }

    @Test
    void theTraceOfAnInventoryEventContinuesOnTheAlertEventItCauses() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        try (TopicReader sales = TopicReader.fromEnd(bootstrapServers, Topics.SALES_EVENTS)) {
            inventory.publishTraced(lowStock(tenant, "p-traced", 3, Priority.HIGH), "p-traced",
                    "00-" + traceId + "-b7ad6b7169203331-01");
            ConsumerRecord<String, String> raised = sales.await(r -> isEvent(r, RAISED, tenant, "p-traced"),
                    Duration.ofSeconds(30));
            assertThat(TopicReader.header(raised, "traceparent")).startsWith("00-" + traceId + "-");
        }
    }

    @Test
    void alertsByStatusAndKindAndTheConsumersLagAreMetrics() {
        inventory.publish(lowStock(tenant, "p-metric", 2, Priority.HIGH), "p-metric");
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("stockpulse_alerts{kind=\"low_stock\",status=\"raised\"}"))
                .body(org.hamcrest.Matchers.containsString("kafka_consumer_fetch_manager_records_lag_max")));
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndTheRecordsAroundItAreProcessed() {
        try (TopicReader dlq = TopicReader.fromEnd(bootstrapServers, Topics.deadLetter(Topics.INVENTORY_EVENTS))) {
            inventory.publish(lowStock(tenant, "p-before", 4, Priority.HIGH), "same-key");
            inventory.publishRaw(EventKeys.of(tenant, "same-key"),
                    "{\"metadata\": {\"event_type\": \"inventory.low_stock\"}, \"payload\": 42");
            inventory.publish(lowStock(tenant, "p-after", 2, Priority.HIGH), "same-key");

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
    void anEventThatHitsAPermanentDatabaseErrorIsDeadLetteredWithTheSqlStateAndTheNextOnItsKeyIsApplied() {
        try (TopicReader dlq = TopicReader.fromEnd(bootstrapServers, Topics.deadLetter(Topics.INVENTORY_EVENTS))) {
            // A SKU longer than inventory-service allows (and than product_view.sku holds): another producer's record.
            EventEnvelope<ProductPayload> poison = InventoryEvents.envelope(EventType.PRODUCT_CREATED, tenant,
                    Priority.LOW, new ProductPayload("p-poison", "S".repeat(100), "Laptop", "electronics",
                            new BigDecimal("10.00"), 10, 50, true));
            inventory.publish(poison, "shared-key");
            inventory.publish(lowStock(tenant, "p-behind", 3, Priority.HIGH), "shared-key");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staffToken)
                    .get("/api/alerts?product_id=p-behind").then().statusCode(200).body("", hasSize(1)));
            ConsumerRecord<String, String> parked = dlq.await(r -> r.key().equals(EventKeys.of(tenant, "shared-key")),
                    Duration.ofSeconds(20));
            assertThat(parked.value()).isEqualTo(EventCodec.encodeToString(poison));
            assertThat(TopicReader.header(parked, EventHeaders.DLQ_REASON)).contains("22001").contains("value too long");
        }
    }

    @Test
    void anAlertMessageComposedOfLongNamesIsCutToItsColumnAndTheAlertIsRaised() {
        String name = "N".repeat(200);
        String location = "L".repeat(200);
        inventory.publish(InventoryEvents.envelope(EventType.LOW_STOCK, tenant, Priority.HIGH, new LowStockPayload(
                "p-long", "K".repeat(64), name, 4, 10, 50, new BigDecimal("1200.00"), "electronics", location, 1.0,
                "wh-1")), "p-long");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staffToken)
                .get("/api/alerts?product_id=p-long").then().statusCode(200).body("", hasSize(3)));
        List<String> messages = given().auth().oauth2(staffToken).get("/api/alerts?product_id=p-long").then()
                .extract().jsonPath().getList("message");
        assertThat(messages).allSatisfy(m -> assertThat(m).hasSizeLessThanOrEqualTo(500).contains(name));
        assertThat(messages).anySatisfy(m -> assertThat(m).hasSize(500).endsWith("\u2026"));
    }

    @Test
    void anEventArrivingWhileTheDatabaseIsDownIsAppliedOnceItReturnsAndNothingIsSkipped() {
        try (TopicReader sales = TopicReader.fromEnd(bootstrapServers, Topics.SALES_EVENTS)) {
            double failuresBefore = transientFailures();
            LocalStack.shared().stopPostgres();
            try {
                inventory.publish(lowStock(tenant, "p-outage", 3, Priority.HIGH), "p-outage");
                inventory.publish(lowStock(tenant, "p-next", 6, Priority.MEDIUM), "p-outage");
                // The consumer has tried (and failed) to apply the first event while the database was away.
                await().atMost(Duration.ofSeconds(30)).until(() -> transientFailures() > failuresBefore);
            } finally {
                LocalStack.shared().startPostgres();
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(staffToken)
                    .get("/api/alerts").then().statusCode(200).body("", hasSize(2)));
            given().auth().oauth2(staffToken).get("/api/alerts?product_id=p-outage").then()
                    .body("", hasSize(1)).body("[0].current_stock", equalTo(3));
            sales.await(r -> isEvent(r, RAISED, tenant, "p-next"), Duration.ofSeconds(30));
            sales.poll(Duration.ofSeconds(1));
            assertThat(sales.seen().stream().filter(r -> isEvent(r, RAISED, tenant, "p-outage"))).hasSize(1);
        }
    }

    @Test
    void anotherTenantSeesNoneOfTheAlertsAndCannotActOnThem() {
        inventory.publish(lowStock(tenant, "p-secret", 1, Priority.HIGH), "p-secret");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staffToken)
                .get("/api/alerts").then().statusCode(200).body("", hasSize(1)));
        String alertId = given().auth().oauth2(staffToken).get("/api/alerts").then().extract().path("[0].id");
        String stranger = DevTokens.admin("other-" + tenant, "boss");
        given().auth().oauth2(stranger).get("/api/alerts").then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(stranger).get("/api/alerts/" + alertId).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(stranger).post("/api/alerts/" + alertId + "/acknowledge").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(stranger).post("/api/alerts/" + alertId + "/resolve").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(staffToken).get("/api/alerts/" + alertId).then().statusCode(200)
                .body("status", equalTo("raised"));
    }

    private double transientFailures() {
        return metrics.counter("stockpulse.consumer.transient.failures", "topic", Topics.INVENTORY_EVENTS).count();
    }
}
