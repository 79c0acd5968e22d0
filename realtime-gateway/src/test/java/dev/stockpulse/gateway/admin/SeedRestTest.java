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
