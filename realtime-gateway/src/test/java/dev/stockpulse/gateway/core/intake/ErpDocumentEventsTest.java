package dev.stockpulse.gateway.core.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.stockpulse.events.Topics;
import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.ErpDocument;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Seed 001: producers that follow the ERP Kafka integration document write their own event ids ("evt-123456") and
 * no Kafka headers. The gateway reads id and tenant from the body, delivers the event once per tenant and id, and
 * skips a record whose id it cannot key on without holding up the ones behind it.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class ErpDocumentEventsTest extends LiveGatewayTest {

    /**
     * The document's event structure with its low-stock payload, as written there (event-schemas' sample of it, read
     * from the repository); the document keys by product.
     */
    private static final String ERP_LOW_STOCK = ErpDocument.lowStock();
    private static final String ERP_KEY = "PRD-123";

    ErpDocumentEventsTest() {
        super("tenant-erp");
    }

    @Test
    void theDocumentsOwnEventReachesTheTenantsClientsOnceAndTheSameIdOfAnotherTenantIsItsOwnEvent() {
        double duplicatesBefore = eventsCounted("duplicate");
        try (WsClient erp = connect("/ws?channels=stock", DevTokens.user("tenant-1", "alice"));
                WsClient other = connect("/ws?channels=stock", DevTokens.user(tenant, "bob"))) {
            produce(ERP_KEY, ERP_LOW_STOCK);

            JsonObject event = erp.awaitEvent("evt-123456");
            assertThat(event.getString("event_type")).isEqualTo("inventory.low_stock");
            assertThat(event.getString("channel")).isEqualTo("stock");
            assertThat(event.getString("tenant_id")).isEqualTo("tenant-1");
            assertThat(event.getString("priority")).isEqualTo("high");
            assertThat(event.getString("timestamp")).isEqualTo("2024-01-15T10:00:00Z");
            assertThat(event.getJsonObject("data").getString("product_id")).isEqualTo("PRD-123");
            assertThat(event.getJsonObject("data").getInteger("current_stock")).isEqualTo(8);

            // Redelivered (the document's producer retries), then the same id from another tenant's producer, then the
            // document's next event: all on the same key, so the last one arrives after the gateway read the others.
            produce(ERP_KEY, ERP_LOW_STOCK);
            produce(ERP_KEY, ERP_LOW_STOCK.replace("\"tenant-1\"", "\"" + tenant + "\""));
            produce(ERP_KEY, ERP_LOW_STOCK.replace("evt-123456", "evt-123457"));
            erp.awaitEvent("evt-123457");
            other.awaitEvent("evt-123456");

            assertThat(eventIds(erp)).containsExactly("evt-123456", "evt-123457");
            assertThat(eventIds(other)).containsExactly("evt-123456");
        }
        assertThat(eventsCounted("duplicate")).isGreaterThanOrEqualTo(duplicatesBefore + 1);
    }

    @Test
    void aRecordWhoseIdCannotBeAKeyIsSkippedAndTheNextOnItsKeyIsDelivered() {
        String key = tenant + "-PRD-123";
        String erp = ERP_LOW_STOCK.replace("\"tenant-1\"", "\"" + tenant + "\"");
        double invalidBefore = eventsCounted("invalid");
        try (WsClient client = connect("/ws?channels=stock", DevTokens.user(tenant, "alice"))) {
            produce(key, erp.replace("evt-123456", "e".repeat(129)));
            produce(key, erp.replace("evt-123456", ""));
            produce(key, erp.replace("evt-123456", "evt\\n123456"));
            produce(key, erp.replace("evt-123456", "evt-after-the-bad-ones"));

            client.awaitEvent("evt-after-the-bad-ones");
            assertThat(eventIds(client)).containsExactly("evt-after-the-bad-ones");
        }
        assertThat(eventsCounted("invalid")).isGreaterThanOrEqualTo(invalidBefore + 3);
    }

    /** As the document's producer sends: a JSON value, a key, no headers. */
    private void produce(String key, String value) {
        events.sendRaw(Topics.INVENTORY_EVENTS, null, key, value.getBytes(StandardCharsets.UTF_8), Map.of(), null);
    }

    private static List<String> eventIds(WsClient client) {
        return client.frames().stream().filter(f -> "event".equals(f.getString("type")))
                .map(f -> f.getString("event_id")).toList();
    }

    private static double eventsCounted(String outcome) {
        Matcher matcher = Pattern.compile("gateway_events_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*} ([0-9.E]+)")
                .matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
