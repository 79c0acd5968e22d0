package dev.stockpulse.gateway.dialect.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.stockpulse.events.Priority;
import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.SioClient;
import dev.stockpulse.gateway.support.SioClient.Received;
import dev.stockpulse.gateway.support.SioClient.Transports;
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * The Socket.IO dialect with the official Java client ({@code io.socket:socket.io-client} 2.1.2) over every transport
 * it has: events under seed 002's and 003's names, only to whom they concern, the client's own events with their
 * acknowledgements, refused connects as {@code connect_error}, and recovery of missed events with the offset.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class SocketIoJavaClientTest extends LiveGatewayTest {

    SocketIoJavaClientTest() {
        super("tenant-sio");
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void aUserGetsTheEventsOfSeed002And003ThatConcernThem(Transports transports) {
        try (SioClient buyer = SioClient.connect(base, transports, Map.of("token", DevTokens.user(tenant, "buyer")),
                null);
                SioClient other = SioClient.connect(base, transports, Map.of("token", DevTokens.user(tenant, "other")),
                        null);
                SioClient stranger = SioClient.connect(base, transports,
                        Map.of("token", DevTokens.user(freshTenant("tenant-sio-x"), "buyer")), null)) {
            JsonObject welcome = buyer.await("connection:success").payload();
            assertThat(welcome.getString("userId")).isEqualTo("buyer");
            assertThat(welcome.getString("tenantId")).isEqualTo(tenant);
            other.await("connection:success");
            stranger.await("connection:success");

            events.send(TestEvents.orderCreated(tenant, "buyer", "order-1"), "order-1");
            events.send(TestEvents.notification(tenant, "buyer"), "buyer");
            events.send(TestEvents.lowStock(tenant, "prod-9", Priority.HIGH), "prod-9");

            Received order = buyer.await("order:created");
            assertThat(order.payload().getString("orderId")).isEqualTo("order-1");
            assertThat(order.payload().getString("userId")).isEqualTo("buyer");
            assertThat(order.payload().getString("eventType")).isEqualTo("sales.order.created");
            assertThat(order.offset()).as("the offset, Socket.IO's last argument").isNotBlank();
            Received notification = buyer.await("notification");
            assertThat(notification.payload().getString("title")).isEqualTo("Order shipped");
            assertThat(notification.payload().getString("type")).isEqualTo("info");
            Received alert = buyer.await("alert");
            assertThat(alert.payload().getString("type")).isEqualTo("low_stock");
            assertThat(alert.payload().getString("severity")).isEqualTo("high");
            assertThat(alert.payload().getString("itemId")).isEqualTo("prod-9");
            assertThat(alert.payload().getInteger("currentStock")).isEqualTo(8);
            assertThat(alert.payload().getInteger("minStock")).isEqualTo(10);

            // The other user of the tenant gets the tenant's stock alert, not the buyer's order or notification.
            other.await("alert");
            assertThat(buyer.received("admin:order:created")).as("not an admin").isEmpty();
            assertThat(other.received("order:created")).isEmpty();
            assertThat(other.received("notification")).isEmpty();
            assertThat(stranger.received()).extracting(Received::name).containsExactly("connection:success");
        }
    }

    @Test
    void anAdminWhoSubscribedGetsTheAdminEventsAndStats() throws Exception {
        try (SioClient admin = SioClient.connect(base, Transports.WEBSOCKET_ONLY,
                Map.of("token", DevTokens.admin(tenant, "boss")), null);
                SioClient user = SioClient.connect(base, Transports.WEBSOCKET_ONLY,
                        Map.of("token", DevTokens.user(tenant, "buyer")), null)) {
            admin.await("connection:success");
            user.await("connection:success");
            assertThat(admin.emitWithAck("subscribe:admin").getBoolean("success")).isTrue();
            JsonObject refused = user.emitWithAck("subscribe:admin");
            assertThat(refused.getBoolean("success")).isFalse();
            assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("forbidden");
            assertThat(user.await("error").payload().getString("message")).contains("Only admins");

            events.send(TestEvents.orderCreated(tenant, "buyer", "order-2"), "order-2");
            events.send(TestEvents.alertRaised(tenant, "prod-3"), "prod-3");

            assertThat(admin.await("admin:order:created").payload().getString("orderId")).isEqualTo("order-2");
            assertThat(admin.await("admin:alert").payload().getString("id")).isEqualTo("alert-prod-3");
            assertThat(user.await("order:created").payload().getString("orderId")).isEqualTo("order-2");
            assertThat(admin.received("order:created")).as("not the admin's own order").isEmpty();
            assertThat(user.received("admin:alert")).isEmpty();

            JsonObject stats = admin.emitWithAck("request:stats");
            assertThat(stats.getString("tenantId")).isEqualTo(tenant);
            assertThat(stats.getInteger("socketIoConnections")).isEqualTo(2);
            assertThat(admin.await("stats").payload().getString("tenantId")).isEqualTo(tenant);
            assertThat(user.emitWithAck("request:stats").getBoolean("success")).isFalse();
        }
    }

    @Test
    void seed002sQueryTokenWorksAndAClaimedUserIdIsCheckedAgainstTheToken() {
        String token = DevTokens.user(tenant, "user-123");
        try (SioClient seed = SioClient.connect(base, Transports.POLLING_THEN_WEBSOCKET, null,
                "userId=user-123&token=" + token);
                SioClient liar = SioClient.connect(base, Transports.POLLING_THEN_WEBSOCKET, null,
                        "userId=someone-else&token=" + token)) {
            assertThat(seed.await("connection:success").payload().getString("userId")).isEqualTo("user-123");
            assertThat(liar.awaitConnectError()).contains("is not the token's user");
        }
    }

    @Test
    void aConnectWithoutAValidTokenIsAConnectErrorThatSaysWhy() {
        try (SioClient none = SioClient.connect(base, Transports.WEBSOCKET_ONLY, null, null);
                SioClient forged = SioClient.connect(base, Transports.POLLING_ONLY, Map.of("token", "not-a-jwt"),
                        null)) {
            assertThat(none.awaitConnectError()).contains("Authentication required");
            assertThat(forged.awaitConnectError()).startsWith("Invalid token");
            assertThat(none.received()).isEmpty();
        }
    }

    @Test
    void aClientThatComesBackWithItsOffsetGetsWhatItMissedInOrder() {
        String token = DevTokens.user(tenant, "buyer");
        String offset;
        try (SioClient first = SioClient.connect(base, Transports.WEBSOCKET_ONLY, Map.of("token", token), null)) {
            first.await("connection:success");
            events.send(TestEvents.notification(tenant, "buyer"), "buyer");
            offset = first.await("notification").offset();
        }
        events.send(TestEvents.orderCreated(tenant, "buyer", "missed-1"), "buyer");
        events.send(TestEvents.orderCreated(tenant, "buyer", "missed-2"), "buyer");
        // The Java client has no recovery of its own; its auth map is what it sends on every connect.
        Map<String, String> auth = new HashMap<>(Map.of("token", token, "pid", "earlier-pid", "offset", offset));
        try (SioClient back = SioClient.connect(base, Transports.POLLING_THEN_WEBSOCKET, auth, null)) {
            assertThat(back.await("connection:success").payload().getBoolean("recovered")).isTrue();
            await().atMost(Duration.ofSeconds(20)).until(() -> back.received("order:created").size() == 2);
            assertThat(back.received("order:created")).extracting(event -> event.payload().getString("orderId"))
                    .containsExactly("missed-1", "missed-2");
        }
        Map<String, String> lost = new HashMap<>(Map.of("token", token, "pid", "earlier-pid", "offset", "garbage"));
        try (SioClient garbled = SioClient.connect(base, Transports.WEBSOCKET_ONLY, lost, null)) {
            assertThat(garbled.await("connection:success").payload().getBoolean("recovered")).isFalse();
        }
    }

    @Test
    void anExpiredTokenEndsTheConnectionWithItsReasonAndTheUserCapIsAConnectError() {
        String shortLived = DevTokens.token(tenant, "brief", Set.of("user"), Duration.ofSeconds(2));
        try (SioClient brief = SioClient.connect(base, Transports.WEBSOCKET_ONLY, Map.of("token", shortLived), null)) {
            brief.await("connection:success");
            JsonObject close = brief.await(SocketIoEndpoint.CLOSE_EVENT).payload();
            assertThat(close.getInteger("code")).isEqualTo(4001);
            assertThat(close.getString("reason")).isEqualTo("token expired");
            await().atMost(Duration.ofSeconds(20)).until(() -> !brief.disconnects().isEmpty());
            assertThat(brief.disconnects()).containsExactly("io server disconnect");
        }
        String token = DevTokens.user(tenant, "busy");
        List<SioClient> clients = new ArrayList<>();
        try {
            // The test profile's gateway.limits.connections-per-user is 4.
            for (int i = 0; i < 4; i++) {
                SioClient client = SioClient.connect(base, Transports.WEBSOCKET_ONLY, Map.of("token", token), null);
                clients.add(client);
                client.await("connection:success");
            }
            SioClient fifth = SioClient.connect(base, Transports.POLLING_ONLY, Map.of("token", token), null);
            clients.add(fifth);
            assertThat(fifth.awaitConnectError()).isEqualTo("too many connections for this user");
        } finally {
            clients.forEach(SioClient::close);
        }
    }

    @Test
    void aHandshakeFromAnOriginNotAllowedOrInAnotherProtocolVersionIsRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI handshake = base.resolve("/socket.io/?EIO=4&transport=polling");
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(handshake)
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(handshake)
                .header("Origin", "http://localhost:3000").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
        assertThat(allowed.body()).startsWith("0{\"sid\":");
        HttpResponse<String> v3 = http.send(HttpRequest.newBuilder(base.resolve("/socket.io/?EIO=3&transport=polling"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(v3.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(v3.body()).getString("message")).isEqualTo("Unsupported protocol version");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
                base.resolve("/socket.io/?EIO=4&transport=polling&sid=nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(new JsonObject(unknown.body()).getString("message")).isEqualTo("Session ID unknown");
    }

    /** Hostile packets over long-polling, before and after the connect: answered, never a 5xx, the session usable. */
    @Test
    void malformedPacketsGetAnErrorEventAndTheSessionGoesOn() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String sid = new JsonObject(get(http, "/socket.io/?EIO=4&transport=polling").substring(1)).getString("sid");
        String session = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
        List<String> hostile = List.of("", "9", "4", "49", "45-[\"x\"]", "42[", "42{}", "42[1,2]",
                "4" + "2".repeat(40) + "[\"x\"]", "40{not json", "40/other,{}", "2probe", "5", "6", "3",
                "4\u0000", "42[\"subscribe:admin\"]");
        for (String packet : hostile) {
            assertThat(post(http, session, packet)).as("POST %s", packet).isEqualTo(200);
        }
        assertThat(post(http, session, "40{\"token\":\"" + DevTokens.user(tenant, "hostile") + "\"}")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> get(http, session).contains("connection:success"));
        for (String packet : hostile) {
            assertThat(post(http, session, packet)).as("POST %s after the connect", packet).isEqualTo(200);
        }
        String answers = get(http, session);
        assertThat(answers).contains("\"error\"").doesNotContain("Internal");
        assertThat(post(http, session, "41")).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private String get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private int post(HttpClient http, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
