package dev.stockpulse.sales.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

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
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.Topics;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.ErpDocument;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import dev.stockpulse.sales.InventoryEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Seed 001: producers that follow the ERP Kafka integration document write their own event ids ("evt-123456") and
 * no Kafka headers. sales-service applies such events once per tenant and id, and dead-letters an id it cannot key on.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class ErpDocumentEventsTest {

    /**
     * The document's event structure with its low-stock payload, as written there (event-schemas' sample of it, read
     * from the repository); the document keys by product.
     */
    static final String ERP_LOW_STOCK = ErpDocument.lowStock();
    static final String ERP_KEY = "PRD-123";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    MeterRegistry metrics;

    InventoryEvents inventory;

    @BeforeEach
    void setUp() {
        inventory = new InventoryEvents(bootstrapServers);
    }

    @AfterEach
    void tearDown() {
        inventory.close();
    }

    @Test
    void theDocumentsOwnEventIsAppliedOnceAndTheSameIdOfAnotherTenantIsItsOwnEvent() {
        String staff = DevTokens.staff("tenant-1", "seller-1");
        try (TopicReader sales = TopicReader.fromEnd(bootstrapServers, Topics.SALES_EVENTS)) {
            inventory.publishRaw(ERP_KEY, ERP_LOW_STOCK);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staff)
                    .get("/api/alerts?product_id=PRD-123").then().statusCode(200)
                    .body("kind", hasItem("low_stock"))
                    .body("find { it.kind == 'low_stock' }.current_stock", equalTo(8))
                    .body("find { it.kind == 'low_stock' }.product_sku", equalTo("LAP-001")));
            ConsumerRecord<String, String> raised = sales.await(r -> isLowStockAlertCausedBy(r, "evt-123456"),
                    Duration.ofSeconds(20));
            assertThat(EventCodec.decode(raised.value()).metadata().correlationId()).isEqualTo("corr-789");
            String updatedAt = lowStockAlert(staff, "updated_at");

            // The document's consumer may see it again (at-least-once): nothing changes, it is counted as a duplicate.
            double duplicatesBefore = duplicates();
            inventory.publishRaw(ERP_KEY, ERP_LOW_STOCK);
            await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() > duplicatesBefore);
            assertThat(lowStockAlert(staff, "updated_at")).isEqualTo(updatedAt);

            // Another tenant's producer numbering its events the same way is not a duplicate of tenant-1's.
            String otherTenant = "erp-" + UUID.randomUUID().toString().substring(0, 8);
            inventory.publishRaw(ERP_KEY, ERP_LOW_STOCK.replace("\"tenant-1\"", "\"" + otherTenant + "\""));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .auth().oauth2(DevTokens.staff(otherTenant, "seller-1"))
                    .get("/api/alerts?product_id=PRD-123").then().statusCode(200).body("kind", hasItem("low_stock")));

            sales.poll(Duration.ofSeconds(1));
            assertThat(sales.seen().stream().filter(r -> isLowStockAlertCausedBy(r, "evt-123456"))
                    .map(r -> TopicReader.header(r, EventHeaders.TENANT_ID)))
                    .containsExactlyInAnyOrder("tenant-1", otherTenant);
        }
    }

    @Test
    void anIdItCannotKeyOnIsDeadLetteredWithTheReasonAndTheNextRecordOnTheKeyIsApplied() {
        String tenant = "erp-" + UUID.randomUUID().toString().substring(0, 8);
        String key = tenant + "-PRD-123";
        String erp = ERP_LOW_STOCK.replace("\"tenant-1\"", "\"" + tenant + "\"");
        try (TopicReader dlq = TopicReader.fromEnd(bootstrapServers, Topics.deadLetter(Topics.INVENTORY_EVENTS))) {
            inventory.publishRaw(key, erp.replace("evt-123456", "e".repeat(129)));
            inventory.publishRaw(key, erp.replace("evt-123456", ""));
            inventory.publishRaw(key, erp.replace("evt-123456", "evt\\n123456"));
            inventory.publishRaw(key, erp.replace("evt-123456", "evt-after-the-bad-ones"));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .auth().oauth2(DevTokens.staff(tenant, "seller-1"))
                    .get("/api/alerts?product_id=PRD-123").then().statusCode(200).body("kind", hasItem("low_stock")));
            List<ConsumerRecord<String, String>> parked = dlq.awaitCount(r -> key.equals(r.key()), 3,
                    Duration.ofSeconds(20));
            assertThat(parked).map(r -> TopicReader.header(r, EventHeaders.DLQ_REASON)).containsExactly(
                    "metadata: event_id must be at most 128 characters, was 129",
                    "metadata: event_id must not be blank",
                    "metadata: event_id must not contain control characters, found U+000A at index 3");
            assertThat(parked).allSatisfy(r -> assertThat(TopicReader.header(r, EventHeaders.DLQ_ORIGIN_TOPIC))
                    .isEqualTo(Topics.INVENTORY_EVENTS));
        }
    }

    private static boolean isLowStockAlertCausedBy(ConsumerRecord<String, String> record, String eventId) {
        return "sales.alert.raised".equals(TopicReader.header(record, EventHeaders.EVENT_TYPE))
                && record.value().contains("\"kind\":\"low_stock\"")
                && eventId.equals(EventCodec.decode(record.value()).metadata().causationId());
    }

    private static String lowStockAlert(String token, String field) {
        return given().auth().oauth2(token).get("/api/alerts?product_id=PRD-123&kind=low_stock").then()
                .statusCode(200).body("", hasSize(1)).extract().path("[0]." + field);
    }

    private double duplicates() {
        return metrics.counter("stockpulse.consumer.duplicates", "topic", Topics.INVENTORY_EVENTS).count();
    }
}
