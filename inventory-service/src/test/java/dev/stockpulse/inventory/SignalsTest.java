package dev.stockpulse.inventory;

import static dev.stockpulse.inventory.InventoryApi.product;
import static dev.stockpulse.inventory.InventoryApi.warehouse;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.Topics;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** What operators see: the trace of a REST call continues on the Kafka record, and the outbox has metrics. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class SignalsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    final String staff = DevTokens.staff("tenant-" + UUID.randomUUID().toString().substring(0, 8), "clerk");

    @Test
    void theTraceOfTheRestCallArrivesOnTheKafkaRecord() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String warehouse = warehouse(staff);
        String product = product(staff, 5);
        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, Topics.INVENTORY_EVENTS)) {
            given().auth().oauth2(staff).contentType(ContentType.JSON)
                    .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                    .body(Map.of("product_id", product, "warehouse_id", warehouse, "quantity", 3, "reason", "receipt"))
                    .post("/api/inventory/adjust").then().statusCode(200);
            ConsumerRecord<String, String> record = reader.await(
                    r -> "inventory.stock.updated".equals(TopicReader.header(r, EventHeaders.EVENT_TYPE))
                            && r.key().endsWith(":" + product), Duration.ofSeconds(20));
            assertThat(TopicReader.header(record, "traceparent")).startsWith("00-" + traceId + "-");
            assertThat(record.headers().headers("traceparent")).hasSize(1);
        }
    }

    @Test
    void theOutboxBacklogRelayLagAndHttpAreMetrics() {
        String warehouse = warehouse(staff);
        InventoryApi.adjust(staff, product(staff, 5), warehouse, 1, "receipt").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("stockpulse_outbox_backlog"))
                .body(containsString("stockpulse_outbox_oldest_unsent_seconds"))
                .body(containsString("stockpulse_outbox_relay_lag_seconds_count"))
                .body(containsString("stockpulse_outbox_relay_lag_seconds_bucket{le=\"+Inf\""))
                .body(containsString("stockpulse_outbox_relay_lag_seconds{quantile=\"0.99\""))
                .body(containsString("stockpulse_outbox_published_total"))
                .body(containsString("http_server_requests_seconds_count")));
    }
}
