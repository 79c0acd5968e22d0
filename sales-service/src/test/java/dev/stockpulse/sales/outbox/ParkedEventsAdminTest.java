package dev.stockpulse.sales.outbox;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.events.Topics;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * sales-service's side of outbox parking: an order event too large for Kafka is kept, listed for the tenant's admins
 * only, and handed back to the relay on replay (inventory-service's OutboxParkingTest covers the relay itself).
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class ParkedEventsAdminTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    OutboxRelay relay;

    final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    final String admin = DevTokens.admin(tenant, "ops");

    @AfterEach
    void removeTheTenantsRows() {
        pool.preparedQuery("DELETE FROM outbox_event WHERE tenant_id = $1").execute(Tuple.of(tenant)).await().indefinitely();
    }

    @Test
    void anEventKafkaRefusesIsListedForItsTenantsAdminsAndReplayHandsItBackToTheRelay() {
        UUID eventId = UUID.randomUUID();
        String key = tenant + ":" + UUID.randomUUID();
        pool.preparedQuery("""
                INSERT INTO outbox_event (event_id, tenant_id, event_type, topic, record_key, priority, payload)
                VALUES ($1, $2, 'sales.order.confirmed', $3, $4, 'medium', $5)""")
                .execute(Tuple.of(eventId, tenant, Topics.SALES_EVENTS, key, "x".repeat(1_100_000))).await().atMost(WAIT);
        relay.signal();

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(admin).get("/api/admin/outbox/parked").then()
                .statusCode(200)
                .body("event_id", equalTo(List.of(eventId.toString())))
                .body("[0].record_key", equalTo(key))
                .body("[0].attempts", equalTo(1))
                .body("[0].reason", containsString("RecordTooLargeException")));
        String firstParkedAt = given().auth().oauth2(admin).get("/api/admin/outbox/parked").then().statusCode(200)
                .extract().path("[0].parked_at");
        given().auth().oauth2(DevTokens.admin("other-" + tenant, "ops")).get("/api/admin/outbox/parked").then()
                .statusCode(200).body("$", empty());
        given().auth().oauth2(DevTokens.admin("other-" + tenant, "ops")).post("/api/admin/outbox/parked/replay").then()
                .statusCode(200).body("replayed", empty());
        given().auth().oauth2(DevTokens.staff(tenant, "clerk")).post("/api/admin/outbox/parked/replay").then()
                .statusCode(403);

        // Nothing was fixed, so the replayed event is refused again and parked again, counted as a new attempt.
        given().auth().oauth2(admin).post("/api/admin/outbox/parked/replay").then().statusCode(200)
                .body("replayed", equalTo(List.of(eventId.toString())));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(admin).get("/api/admin/outbox/parked").then()
                .statusCode(200)
                .body("event_id", equalTo(List.of(eventId.toString())))
                .body("[0].attempts", equalTo(1))
                .body("[0].parked_at", not(equalTo(firstParkedAt))));
    }
}
