package dev.stockpulse.gateway.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/** Admin and operator endpoints: tenant-scoped stats, status, and broadcasts that travel through Kafka. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class AdminEndpointsTest extends LiveGatewayTest {

    AdminEndpointsTest() {
        super("tenant-adm");
    }

    @Test
    void statsCountTheCallersTenantOnlyAndAreForAdmins() {
        String otherTenant = "other-" + tenant;
        try (WsClient a1 = connect("/ws?channels=stock", DevTokens.user(tenant, "alice"));
                WsClient a2 = connect("/ws?channels=stock,alerts", DevTokens.user(tenant, "alice"));
                WsClient b = connect("/ws?channels=all", DevTokens.user(tenant, "bob"));
                WsClient stranger = connect("/ws", DevTokens.user(otherTenant, "mallory"))) {
            given().auth().oauth2(DevTokens.user(tenant, "alice")).get("/realtime/stats").then().statusCode(403);

            JsonPath stats = given().auth().oauth2(DevTokens.admin(tenant, "boss")).get("/realtime/stats")
                    .then().statusCode(200).extract().jsonPath();

            assertThat(stats.getInt("total_connections")).isEqualTo(3);
            assertThat(stats.getInt("unique_users")).isEqualTo(2);
            assertThat(stats.getMap("channels", String.class, Integer.class))
                    .containsEntry("stock", 3).containsEntry("alerts", 2).containsEntry("all", 1);
            assertThat(stats.getMap("rooms", String.class, Integer.class))
                    .containsEntry("tenant:" + tenant, 3).containsEntry("user:" + tenant + ":alice", 2)
                    .doesNotContainKey("tenant:" + otherTenant);
            assertThat(stats.getList("user_connections", Map.class)).first()
                    .isEqualTo(Map.of("user_id", "alice", "connection_count", 2));
            assertThat(stats.getBoolean("consumer.caught_up")).isTrue();
            assertThat(stats.getList("consumer.lag")).hasSize(6);

            given().auth().oauth2(DevTokens.user(tenant, "bob")).get("/stream/status").then().statusCode(200)
                    .body("websocket.connected_clients", equalTo(3))
                    .body("websocket.channel_stats.alerts", equalTo(2))
                    .body("kafka.caught_up", equalTo(true));
        }
    }

    @Test
    void aBroadcastAlertIsPublishedToKafkaAndReachesTheTenantsClients() {
        try (WsClient watcher = connect("/ws?channels=alerts", DevTokens.user(tenant, "alice"));
                WsClient stranger = connect("/ws?channels=all", DevTokens.user("other-" + tenant, "mallory"))) {
            String eventId = given().auth().oauth2(DevTokens.admin(tenant, "boss")).contentType(ContentType.JSON)
                    .body(Map.of("product_id", "prod-9", "message", "Check the shelf", "priority", "critical"))
                    .post("/realtime/broadcast/alert")
                    .then().statusCode(202).body("topic", equalTo("sales-events")).extract().path("event_id");

            JsonObject frame = watcher.awaitEvent(eventId);
            assertThat(frame.getString("event_type")).isEqualTo("sales.alert.raised");
            assertThat(frame.getString("priority")).isEqualTo("critical");
            assertThat(frame.getJsonObject("data").getString("message")).isEqualTo("Check the shelf");
            assertThat(frame.getJsonObject("data").getString("status")).isEqualTo("raised");

            String later = events.send(TestEvents.alertRaised("other-" + tenant, "x"), "x").eventId();
            stranger.awaitEvent(later);
            assertThat(stranger.received(eventId)).isFalse();
        }
    }

    @Test
    void aNotificationReachesOnlyItsUser() {
        try (WsClient alice = connect("/ws?channels=notifications", DevTokens.user(tenant, "alice"));
                WsClient bob = connect("/ws?channels=notifications", DevTokens.user(tenant, "bob"))) {
            String eventId = given().auth().oauth2(DevTokens.admin(tenant, "boss")).contentType(ContentType.JSON)
                    .body(Map.of("user_id", "alice", "title", "Hello", "message", "Your order shipped"))
                    .post("/realtime/notifications")
                    .then().statusCode(202).extract().path("event_id");

            assertThat(alice.awaitEvent(eventId).getJsonObject("data").getString("title")).isEqualTo("Hello");
            String forBob = given().auth().oauth2(DevTokens.admin(tenant, "boss")).contentType(ContentType.JSON)
                    .body(Map.of("user_id", "bob", "title", "Hi", "message", "m")).post("/realtime/notifications")
                    .then().statusCode(202).extract().path("event_id");
            bob.awaitEvent(forBob);
            assertThat(bob.received(eventId)).isFalse();
        }
    }

    @Test
    void badBroadcastsAreProblemsAndNonAdminsAreForbidden() {
        given().auth().oauth2(DevTokens.admin(tenant, "boss")).contentType(ContentType.JSON)
                .body(Map.of("message", "no product")).post("/realtime/broadcast/alert")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("product_id"));
        given().auth().oauth2(DevTokens.user(tenant, "alice")).contentType(ContentType.JSON)
                .body(Map.of("user_id", "bob", "title", "t", "message", "m")).post("/realtime/notifications")
                .then().statusCode(403);
        given().contentType(ContentType.JSON).body(List.of()).post("/realtime/notifications").then().statusCode(401);
    }
}
