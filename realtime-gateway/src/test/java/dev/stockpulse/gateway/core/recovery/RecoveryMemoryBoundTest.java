package dev.stockpulse.gateway.core.recovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.Priority;
import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.gateway.support.TestEvents.Sent;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * With a small byte bound on all recovery buffers together (a test profile, so the application restarts), the events
 * of other tenants' rooms push out an event a client missed, although its own room is far from its own capacity and
 * window: the client comes back and is told {@code recovered:false}.
 */
@QuarkusTest
@TestProfile(RecoveryMemoryBoundTest.SmallBound.class)
@WithTestResource(LocalStackTestResource.class)
class RecoveryMemoryBoundTest extends LiveGatewayTest {

    static final long BOUND = 32 * 1024;

    public static final class SmallBound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.recovery.max-bytes", Long.toString(BOUND));
        }
    }

    RecoveryMemoryBoundTest() {
        super("tenant-mem");
    }

    @Test
    void aMissedEventEvictedByTheByteBoundIsAnsweredRecoveredFalse() {
        String token = DevTokens.user(tenant, "alice");
        String position;
        try (WsClient first = connect("/ws?channels=stock", token)) {
            Sent seen = events.send(TestEvents.lowStock(tenant, "p0", Priority.LOW), "p0", 0);
            position = first.awaitEvent(seen.eventId()).getString("position");
        }
        double evictionsBefore = metric("gateway_recovery_memory_evictions_total");
        events.send(TestEvents.lowStock(tenant, "p1", Priority.LOW), "p1", 0);
        // Twelve other tenants, 4 KiB each: more than the bound, none of them near its room's capacity.
        List<EventEnvelope<?>> others = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            others.add(TestEvents.bigLowStock(freshTenant("tenant-mem-other"), "big", 4096));
        }
        List<Sent> sent = events.sendAll(others, "big", 0);
        try (WsClient probe = connect("/ws?channels=alerts", DevTokens.user(tenant, "probe"))) {
            Sent last = events.send(TestEvents.alertRaised(tenant, "last"), "last", 0);
            // Same partition, after the others: once it arrives, they have been buffered.
            probe.awaitEvent(last.eventId());
        }
        assertThat(sent).hasSize(12);
        assertThat(metric("gateway_recovery_bytes")).isLessThanOrEqualTo(BOUND);
        assertThat(metric("gateway_recovery_memory_evictions_total")).isGreaterThan(evictionsBefore);

        try (WsClient back = connect("/ws?channels=stock&since=" + encode(position), token)) {
            JsonObject recovery = back.awaitFrame(f -> "recovery".equals(f.getString("type")));
            assertThat(recovery.getBoolean("recovered")).isFalse();
            Sent live = events.send(TestEvents.lowStock(tenant, "live", Priority.LOW), "live", 0);
            back.awaitEvent(live.eventId());
            assertThat(back.frames()).filteredOn(f -> "event".equals(f.getString("type")))
                    .as("nothing of the gap is replayed, live events flow").hasSize(1);
        }
    }

    private static double metric(String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.E+]+)$")
                .matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
