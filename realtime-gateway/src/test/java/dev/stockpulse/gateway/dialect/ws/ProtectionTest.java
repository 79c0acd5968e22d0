package dev.stockpulse.gateway.dialect.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.gateway.support.TestEvents.Sent;
import dev.stockpulse.gateway.support.SilentWsClient;
import dev.stockpulse.gateway.support.Tokens;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Slow, hostile and stale clients are closed with their own codes while the others carry on. Limits come from the
 * test profile: 256 KiB outbound buffer, 4 connections per user, 20 actions at once then 5/s, pings every second and
 * an 8 s ping timeout, allowed origins {@code http://localhost:3000} and {@code https://app.stockpulse.example}.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class ProtectionTest extends LiveGatewayTest {

    @Inject
    MeterRegistry meters;

    ProtectionTest() {
        super("tenant-p");
    }

    @Test
    void aClientThatStopsReadingIsClosedAsSlowWhileTheOthersGetEveryEvent() {
        try (WsClient fast1 = connect("/ws?channels=stock", DevTokens.user(tenant, "fast-1"));
                WsClient fast2 = connect("/ws?channels=stock", DevTokens.user(tenant, "fast-2"));
                SilentWsClient slow = SilentWsClient.connect(base, "/ws?channels=stock", DevTokens.user(tenant, "slow"))) {
            assertThat(slow.readText()).contains("\"welcome\"");
            double slowClosesBefore = closes("slow_consumer");

            // About 8 MB in 4 KB events, far more than the slow client's TCP buffers and its 256 KiB outbox, in
            // batches of 160 KB: each must reach the fast clients within 10 s of being produced. All of it well within
            // the 8 s ping timeout, which would otherwise close the frozen client first.
            for (int batch = 0; batch < 50; batch++) {
                List<EventEnvelope<?>> events50 = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    events50.add(TestEvents.bigLowStock(tenant, "prod-" + batch + "-" + i, 4000));
                }
                List<Sent> sent = events.sendAll(events50, "prod", 0);
                String lastId = sent.get(sent.size() - 1).eventId();
                await("batch " + batch + " reaching both fast clients").atMost(Duration.ofSeconds(10))
                        .until(() -> fast1.received(lastId) && fast2.received(lastId));
            }

            assertThat(fast1.isClosed() || fast2.isClosed()).isFalse();
            assertThat(fast1.frames()).filteredOn(f -> "event".equals(f.getString("type"))).hasSize(2000);
            assertThat(fast2.frames()).filteredOn(f -> "event".equals(f.getString("type"))).hasSize(2000);
            await().atMost(Duration.ofSeconds(20)).until(() -> closes("slow_consumer") > slowClosesBefore);

            assertThat(slow.readCloseCode()).isEqualTo(4008);
            assertThat(slow.texts()).filteredOn(text -> "event".equals(new JsonObject(text).getString("type")))
                    .as("the slow client got only what fit in its buffers").hasSizeLessThan(2000);
        }
    }

    @Test
    void aMessageOverTheSizeLimitClosesWith1009() {
        try (WsClient client = connect("/ws", DevTokens.user(tenant, "alice"))) {
            client.send("{\"action\":\"ping\",\"padding\":\"" + "x".repeat(5_000) + "\"}");
            assertThat(client.awaitClosed()).isEqualTo(1009);
        }
    }

    @Test
    void tooManyActionsCloseWith4029() {
        try (WsClient client = connect("/ws", DevTokens.user(tenant, "alice"))) {
            for (int i = 0; i < 60; i++) {
                client.send(new JsonObject().put("action", "ping"));
            }
            assertThat(client.awaitClosed()).isEqualTo(4029);
            assertThat(client.frames()).filteredOn(f -> "pong".equals(f.getString("type")))
                    .as("the burst is answered, then the connection closes").hasSizeBetween(20, 59);
        }
    }

    @Test
    void anExpiredTokenClosesWith4001() {
        String shortLived = DevTokens.token(tenant, "alice", Set.of("user"), Duration.ofSeconds(2));
        try (WsClient client = connect("/ws", shortLived)) {
            assertThat(client.awaitClosed()).isEqualTo(4001);
        }
    }

    @Test
    void aFreshTokenSentInBandKeepsTheConnectionPastTheOldExpiry() {
        String shortLived = DevTokens.token(tenant, "alice", Set.of("user"), Duration.ofSeconds(3));
        try (WsClient client = connect("/ws", shortLived)) {
            int seen = client.frameCount();
            client.send(new JsonObject().put("action", "auth").put("token", DevTokens.user("other-" + tenant, "alice")));
            assertThat(client.awaitFrameAfter(seen, "error").getString("code")).isEqualTo("forbidden");
            seen = client.frameCount();
            client.send(new JsonObject().put("action", "auth").put("token", Tokens.expired(tenant, "alice")));
            assertThat(client.awaitFrameAfter(seen, "error").getString("code")).isEqualTo("invalid_token");

            seen = client.frameCount();
            client.send(new JsonObject().put("action", "auth").put("token", DevTokens.user(tenant, "alice")));
            JsonObject authenticated = client.awaitFrameAfter(seen, "authenticated");
            assertThat(authenticated.getLong("expires_at")).isGreaterThan(System.currentTimeMillis() / 1000 + 3600);

            // Past the first token's expiry (and a housekeeping tick) the connection is still up and answers.
            await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> !client.isClosed());
            seen = client.frameCount();
            client.send(new JsonObject().put("action", "ping"));
            client.awaitFrameAfter(seen, "pong");
        }
    }

    @Test
    void theConnectionOverTheUsersCapIsClosedWith4009() {
        String token = DevTokens.user(tenant, "alice");
        List<WsClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                open.add(connect("/ws", token));
            }
            WsClient extra = WsClient.connect(base, "/ws", token);
            open.add(extra);
            assertThat(extra.awaitClosed()).isEqualTo(4009);
            assertThat(extra.frames()).as("no welcome for the refused one").isEmpty();
            assertThat(open.subList(0, 4)).noneMatch(WsClient::isClosed);

            open.get(0).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (WsClient again = WsClient.connect(base, "/ws", token)) {
                    again.awaitFrame(f -> "welcome".equals(f.getString("type")));
                }
            });
        } finally {
            open.forEach(WsClient::close);
        }
    }

    @Test
    void aClientThatStopsAnsweringPingsIsClosedWith4010() {
        double before = closes("ping_timeout");
        try (SilentWsClient silent = SilentWsClient.connect(base, "/ws", DevTokens.user(tenant, "alice"));
                WsClient answering = connect("/ws", DevTokens.user(tenant, "bob"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> closes("ping_timeout") > before);

            assertThat(silent.readCloseCode()).isEqualTo(4010);
            assertThat(answering.isClosed()).as("a client that answers pings stays").isFalse();
        }
    }

    @Test
    void aBrowserFromAnOriginNotAllowedIsRefusedAtTheUpgrade() {
        String token = DevTokens.user(tenant, "alice");
        assertThat(WsClient.rejectionStatus(base, "/ws",
                Map.of("Authorization", "Bearer " + token, "Origin", "https://evil.example"))).contains(403);
        assertThat(WsClient.rejectionStatus(base, "/ws",
                Map.of("Authorization", "Bearer " + token, "Origin", "https://app.stockpulse.example"))).isEmpty();
    }

    private double closes(String reason) {
        var counter = meters.find("gateway.closes").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
