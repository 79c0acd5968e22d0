package dev.stockpulse.gateway.dialect.ws;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.stockpulse.gateway.support.Tokens;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** The connection itself: who may open one, what they are told first, and how client actions are answered. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class GatewayWebSocketTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void upgradeWithoutTokenIsRefusedWith401() {
        assertThat(WsClient.rejectionStatus(base, "/ws", Map.of())).contains(401);
    }

    @Test
    void upgradeWithForeignSignatureIsRefusedWith401() {
        String token = Tokens.foreignSignature("tenant-a", "mallory");
        assertThat(WsClient.rejectionStatus(base, "/ws", Map.of("Authorization", "Bearer " + token))).contains(401);
        assertThat(WsClient.rejectionStatus(base, "/ws?access_token=" + token, Map.of())).contains(401);
    }

    @Test
    void upgradeWithExpiredTokenIsRefusedWith401() {
        String token = Tokens.expired("tenant-a", "alice");
        assertThat(WsClient.rejectionStatus(base, "/ws", Map.of("Authorization", "Bearer " + token))).contains(401);
    }

    @Test
    void upgradeWithGarbageTokenIsRefusedWith401() {
        assertThat(WsClient.rejectionStatus(base, "/ws", Map.of("Authorization", "Bearer not-a-jwt"))).contains(401);
        assertThat(WsClient.rejectionStatus(base, "/ws?access_token=not-a-jwt", Map.of())).contains(401);
    }

    @Test
    void tokenWithoutTenantIsRefusedWith403() {
        String token = Tokens.withoutTenant("alice");
        assertThat(WsClient.rejectionStatus(base, "/ws", Map.of("Authorization", "Bearer " + token))).contains(403);
    }

    @Test
    void tokenInAccessTokenQueryParameterOpensTheConnection() {
        String token = DevTokens.user("tenant-a", "alice");
        try (WsClient client = WsClient.connect(base, "/ws?channels=stock&access_token=" + token, Map.of())) {
            JsonObject welcome = client.awaitFrame(f -> true);
            assertThat(welcome.getString("type")).isEqualTo("welcome");
            assertThat(welcome.getString("user_id")).isEqualTo("alice");
            assertThat(welcome.getJsonArray("channels")).containsExactly("stock");
        }
    }

    @Test
    void aTokenInTheQueryIsIgnoredOutsideTheWebSocket() {
        // A garbage token that were read here would fail authentication and turn this 200 into a 401.
        given().when().get("/health/live?access_token=not-a-jwt").then().statusCode(200);
    }

    @Test
    void welcomeOfUserListsOwnAndTenantRoomAndAllChannelsByDefault() {
        try (WsClient client = WsClient.connect(base, "/ws", DevTokens.user("tenant-a", "alice"))) {
            JsonObject welcome = client.awaitFrame(f -> true);

            assertThat(welcome.getString("type")).isEqualTo("welcome");
            assertThat(welcome.getString("connection_id")).isNotBlank();
            assertThat(welcome.getString("user_id")).isEqualTo("alice");
            assertThat(welcome.getString("tenant_id")).isEqualTo("tenant-a");
            assertThat(welcome.getJsonArray("rooms")).containsExactly("user:tenant-a:alice", "tenant:tenant-a");
            assertThat(welcome.getJsonArray("channels")).containsExactly("all");
        }
    }

    @Test
    void welcomeOfAdminAddsTheTenantsAdminRoom() {
        try (WsClient client = WsClient.connect(base, "/ws?channels=alerts,orders",
                DevTokens.admin("tenant-b", "boss"))) {
            JsonObject welcome = client.awaitFrame(f -> true);

            assertThat(welcome.getJsonArray("rooms"))
                    .containsExactly("user:tenant-b:boss", "tenant:tenant-b", "admin:tenant-b");
            assertThat(welcome.getJsonArray("channels")).containsExactly("alerts", "orders");
        }
    }

    @Test
    void staffIsNoAdmin() {
        try (WsClient client = WsClient.connect(base, "/ws", DevTokens.staff("tenant-b", "clerk"))) {
            assertThat(client.awaitFrame(f -> true).getJsonArray("rooms"))
                    .containsExactly("user:tenant-b:clerk", "tenant:tenant-b");
        }
    }

    @Test
    void unknownChannelInQueryIsReportedAfterTheWelcomeAndTheKnownOnesApply() {
        try (WsClient client = WsClient.connect(base, "/ws?channels=stock,stonks",
                DevTokens.user("tenant-a", "alice"))) {
            JsonObject error = client.awaitFrame(f -> "error".equals(f.getString("type")));

            JsonObject welcome = client.frames().get(0);
            assertThat(welcome.getString("type")).isEqualTo("welcome");
            assertThat(welcome.getJsonArray("channels")).containsExactly("stock");
            assertThat(error.getString("code")).isEqualTo("unknown_channel");
            assertThat(error.getString("message")).contains("stonks");
            assertAnswersPing(client);
        }
    }

    @Test
    void pingIsAnsweredWithPong() {
        try (WsClient client = connectedUser()) {
            assertAnswersPing(client);
        }
    }

    @Test
    void subscribeAndUnsubscribeAreAcknowledged() {
        try (WsClient client = WsClient.connect(base, "/ws?channels=stock", DevTokens.user("tenant-a", "alice"))) {
            client.awaitFrame(f -> "welcome".equals(f.getString("type")));

            int seen = client.frameCount();
            client.send(new JsonObject().put("action", "subscribe").put("channel", "alerts"));
            assertThat(client.awaitFrameAfter(seen, "subscribed").getString("channel")).isEqualTo("alerts");

            seen = client.frameCount();
            client.send(new JsonObject().put("action", "unsubscribe").put("channel", "stock"));
            assertThat(client.awaitFrameAfter(seen, "unsubscribed").getString("channel")).isEqualTo("stock");
        }
    }

    @Test
    void subscribeWithAPositionThisGatewayNeverIssuedIsToldToReload() {
        try (WsClient client = connectedUser()) {
            int seen = client.frameCount();
            client.send(new JsonObject().put("action", "subscribe").put("channel", "alerts").put("since", "aW52OjA6MA"));

            JsonObject recovery = client.awaitFrameAfter(seen, "recovery");
            assertThat(recovery.getBoolean("recovered")).isFalse();
            assertThat(client.frames().get(seen).getString("type")).isEqualTo("subscribed");
        }
    }

    @Test
    void badMessagesGetErrorFramesAndTheConnectionStays() {
        try (WsClient client = connectedUser()) {
            assertErrorCode(client, "{not json", "bad_request");
            assertErrorCode(client, "[1,2]", "bad_request");
            assertErrorCode(client, "{\"channel\":\"stock\"}", "bad_request");
            assertErrorCode(client, "{\"action\":\"dance\"}", "unknown_action");
            assertErrorCode(client, "{\"action\":\"subscribe\",\"channel\":\"stonks\"}", "unknown_channel");
            assertErrorCode(client, "{\"action\":\"unsubscribe\"}", "bad_request");

            assertThat(client.isClosed()).isFalse();
            assertAnswersPing(client);
        }
    }

    @Test
    void everyConnectionGetsItsOwnId() {
        try (WsClient first = connectedUser(); WsClient second = connectedUser()) {
            List<String> ids = List.of(first.frames().get(0).getString("connection_id"),
                    second.frames().get(0).getString("connection_id"));
            assertThat(ids).doesNotHaveDuplicates();
        }
    }

    private WsClient connectedUser() {
        WsClient client = WsClient.connect(base, "/ws", DevTokens.user("tenant-a", "user-" + UUID.randomUUID()));
        client.awaitFrame(f -> "welcome".equals(f.getString("type")));
        return client;
    }

    private static void assertErrorCode(WsClient client, String message, String code) {
        int seen = client.frameCount();
        client.send(message);
        JsonObject error = client.awaitFrameAfter(seen, "error");
        assertThat(error.getString("code")).as("error code for %s", message).isEqualTo(code);
        assertThat(error.getString("message")).isNotBlank();
    }

    private static void assertAnswersPing(WsClient client) {
        int seen = client.frameCount();
        client.send(new JsonObject().put("action", "ping"));
        assertThat(client.awaitFrameAfter(seen, "pong")).isNotNull();
    }
}
