package dev.stockpulse.gateway.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/** The seeds' REST helpers as their documents call them (camelCase bodies), on the gateway's tenant and roles. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class SeedRestTest extends LiveGatewayTest {

    SeedRestTest() {
        super("tenant-seedrest");
    }

    @Test
    void seed002sTestNotificationReachesTheUserAndIsForAdmins() {
        try (WsClient alice = connect("/ws?channels=notifications", DevTokens.user(tenant, "user-123"))) {
            String body = "{\"userId\":\"user-123\",\"message\":\"Test notification\",\"title\":\"Test\"}";
            given().auth().oauth2(DevTokens.user(tenant, "user-123")).contentType(ContentType.JSON).body(body)
                    .post("/realtime/test/notification").then().statusCode(403);
            String eventId = given().auth().oauth2(DevTokens.admin(tenant, "boss")).contentType(ContentType.JSON)
                    .body(body).post("/realtime/test/notification").then().statusCode(202)
                    .body("event_id", notNullValue()).extract().path("event_id");
            JsonObject event = alice.awaitEvent(eventId);
            assertThat(event.getJsonObject("data").getString("title")).isEqualTo("Test");
            assertThat(event.getJsonObject("data").getString("message")).isEqualTo("Test notification");
        }
    }

    @Test
    void seed000sBroadcastAlertAndTestEventReachItsStreamOfTheCallersTenantOnly() {
        String admin = DevTokens.admin(tenant, "boss");
        String otherTenant = freshTenant("tenant-seedrest-x");
        String stranger = DevTokens.user(otherTenant, "boss");
        try (WsClient stream = smartInventoryStream(DevTokens.user(tenant, "alice"));
                WsClient other = smartInventoryStream(stranger)) {
            String alert = "/stream/broadcast/alert?level=warning&title=Low%20Stock"
                    + "&message=Product%20X%20below%20threshold";
            given().auth().oauth2(DevTokens.user(tenant, "alice")).post(alert).then().statusCode(403);
            given().auth().oauth2(admin).post("/stream/broadcast/alert?level=loud&message=x").then().statusCode(400)
                    .body("errors[0].field", equalTo("level"));
            given().auth().oauth2(admin).post("/stream/broadcast/alert?level=info").then().statusCode(400)
                    .body("errors[0].field", equalTo("message"));
            // As curl sends it: the URL already encoded, not encoded again.
            String alertId = given().urlEncodingEnabled(false).auth().oauth2(admin).post(alert).then().statusCode(202)
                    .body("event_type", equalTo("sales.alert.broadcast")).extract().path("event_id");
            JsonObject broadcast = stream.awaitEvent(alertId);
            assertThat(broadcast.getString("event_type")).isEqualTo("alert.broadcast");
            assertThat(broadcast.getJsonObject("data").getString("title")).isEqualTo("Low Stock");
            assertThat(broadcast.getJsonObject("data").getString("message")).isEqualTo("Product X below threshold");
            assertThat(broadcast.getJsonObject("data").getString("alert_level")).isEqualTo("warning");

            String testId = given().urlEncodingEnabled(false).auth().oauth2(admin)
                    .post("/stream/test/emit-event?event_type=stock.updated&product_id=TEST-001&message=Test%20event")
                    .then().statusCode(202).extract().path("event_id");
            JsonObject test = stream.awaitEvent(testId);
            assertThat(test.getString("event_type")).isEqualTo("stock.updated");
            assertThat(test.getJsonObject("data").getString("product_id")).isEqualTo("TEST-001");
            assertThat(test.getJsonObject("data").getString("message")).isEqualTo("Test event");

            // Published after both: once the stranger has it, it would have had the others.
            String strangersId = given().urlEncodingEnabled(false).auth().oauth2(DevTokens.admin(otherTenant, "boss"))
                    .post(alert).then().statusCode(202).extract().path("event_id");
            other.awaitEvent(strangersId);
            assertThat(other.received(alertId)).isFalse();
            assertThat(other.received(testId)).isFalse();
        }
    }

    @Test
    void seed000sStatusAndFallbackQueueSayNothingIsHeldInMemory() {
        String token = DevTokens.user(tenant, "alice");
        given().auth().oauth2(token).get("/stream/status").then().statusCode(200)
                .body("kafka.enabled", equalTo(true)).body("kafka.fallback_queue_size", equalTo(0));
        given().auth().oauth2(token).get("/stream/fallback-queue").then().statusCode(200)
                .body("queue_size", equalTo(0)).body("events.size()", equalTo(0))
                .body("durable_backlog.topics", org.hamcrest.Matchers.hasItems("inventory-events", "sales-events"));
        given().get("/stream/fallback-queue").then().statusCode(401);
    }

    private WsClient smartInventoryStream(String token) {
        WsClient client = WsClient.connect(base, "/stream/ws?channels=alerts&access_token=" + token,
                java.util.Map.of());
        client.awaitFrame(f -> "welcome".equals(f.getString("type")));
        return client;
    }

    @Test
    void seed002sOrderBroadcastReachesTheBuyerAndAdminsAndItsStockBroadcastIsRefusedWithAReason() {
        String admin = DevTokens.admin(tenant, "boss");
        String body = "{\"userId\":\"user-123\",\"orderId\":\"order-456\",\"status\":\"shipped\","
                + "\"previousStatus\":\"processing\"}";
        try (WsClient buyer = connect("/ws?channels=orders", DevTokens.user(tenant, "user-123"));
                WsClient colleague = connect("/ws?channels=orders", DevTokens.user(tenant, "user-999"));
                WsClient boss = connect("/ws?channels=orders", admin)) {
            given().auth().oauth2(DevTokens.user(tenant, "user-123")).contentType(ContentType.JSON).body(body)
                    .post("/realtime/broadcast/order").then().statusCode(403);
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"userId\":\"user-123\"}")
                    .post("/realtime/broadcast/order").then().statusCode(400)
                    .body("errors[0].field", equalTo("orderId"));
            String eventId = given().auth().oauth2(admin).contentType(ContentType.JSON).body(body)
                    .post("/realtime/broadcast/order").then().statusCode(202)
                    .body("event_type", equalTo("sales.order.status_changed")).extract().path("event_id");
            JsonObject order = buyer.awaitEvent(eventId);
            assertThat(order.getJsonObject("data").getString("status")).isEqualTo("shipped");
            assertThat(order.getJsonObject("data").getString("previous_status")).isEqualTo("processing");
            boss.awaitEvent(eventId);
            // The colleague gets their own order's broadcast, published after: by then they would have had the buyer's.
            String own = given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body(body.replace("user-123", "user-999")).post("/realtime/broadcast/order").then()
                    .statusCode(202).extract().path("event_id");
            colleague.awaitEvent(own);
            assertThat(colleague.received(eventId)).isFalse();
        }
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"productId\":\"prod-789\",\"stock\":5,\"previousStock\":10}")
                .post("/realtime/broadcast/inventory").then().statusCode(410)
                .body("detail", org.hamcrest.Matchers.containsString("/api/inventory/adjust"));
    }

    @Test
    void seed002sApiDocsLeadToSwaggerUi() {
        given().redirects().follow(false).get("/api/docs").then().statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/q/swagger-ui/"));
    }

    @Test
    void seed003sStatusAndTestBroadcast() {
        String admin = DevTokens.admin(tenant, "boss");
        try (WsClient own = connect("/ws?channels=notifications", admin)) {
            given().auth().oauth2(DevTokens.user(tenant, "someone")).get("/api/realtime/status").then()
                    .statusCode(200).body("enabled", equalTo(true)).body("connectedClients", equalTo(1))
                    .body("websocketConnections", equalTo(1));
            given().get("/api/realtime/status").then().statusCode(401);

            given().auth().oauth2(DevTokens.user(tenant, "someone")).contentType(ContentType.JSON).body("{}")
                    .post("/api/realtime/test-broadcast").then().statusCode(403);
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"type\":\"loud\"}")
                    .post("/api/realtime/test-broadcast").then().statusCode(400)
                    .body("errors[0].field", equalTo("type"));
            String eventId = given().auth().oauth2(admin).contentType(ContentType.JSON).body("{}")
                    .post("/api/realtime/test-broadcast").then().statusCode(202).extract().path("event_id");
            assertThat(own.awaitEvent(eventId).getJsonObject("data").getString("title"))
                    .isEqualTo("Test Notification");
        }
    }
}
