package dev.stockpulse.gateway.core.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
import io.vertx.core.json.JsonObject;

/**
 * The same event published twice (same {@code event_id}, two offsets), as the outbox relay does when a send it gave
 * up on after a broker outage had in fact been written: a client sees it once, live and in a replay. The copy comes a
 * few records after the original, as a retry does. Records of one test go to one partition.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class DuplicateEventsTest extends LiveGatewayTest {

    private static final Pattern DUPLICATES = Pattern.compile(
            "gateway_events_total\\{[^}]*outcome=\"duplicate\"[^}]*} ([0-9.E]+)");

    DuplicateEventsTest() {
        super("tenant-dup");
    }

    @Test
    void anEventPublishedTwiceReachesAClientOnceLiveAndInTheReplay() {
        String token = DevTokens.user(tenant, "alice");
        double duplicatesBefore = duplicatesDropped();
        List<String> expected;
        String beforeBoth;
        try (WsClient live = connect("/ws?channels=stock", token)) {
            beforeBoth = live.frames().get(0).getString("position");
            EventEnvelope<?> event = TestEvents.lowStock(tenant, "p1", Priority.HIGH);
            Sent original = events.send(event, "p1", 0);
            Sent between = events.send(TestEvents.lowStock(tenant, "p2", Priority.LOW), "p2", 0);
            Sent copy = events.send(event, "p1", 0);
            assertThat(copy.offset()).isGreaterThan(original.offset());
            assertThat(copy.eventId()).isEqualTo(original.eventId());
            // Same partition, after the copy: once it arrives, the gateway has read the copy too.
            Sent after = events.send(TestEvents.lowStock(tenant, "p3", Priority.LOW), "p3", 0);
            live.awaitEvent(after.eventId());
            expected = List.of(original.eventId(), between.eventId(), after.eventId());

            assertThat(eventIds(live)).as("live").containsExactlyElementsOf(expected);
        }
        assertThat(duplicatesDropped()).as("gateway_events_total{outcome=duplicate}")
                .isGreaterThanOrEqualTo(duplicatesBefore + 1);

        try (WsClient back = connect("/ws?channels=stock&since=" + encode(beforeBoth), token)) {
            JsonObject recovery = back.awaitFrame(f -> "recovery".equals(f.getString("type")));
            assertThat(recovery.getBoolean("recovered")).isTrue();
            assertThat(recovery.getInteger("replayed")).isEqualTo(expected.size());
            back.awaitEvent(expected.get(expected.size() - 1));
            assertThat(eventIds(back)).as("replayed").containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aCopyThatArrivesWhileTheClientIsAwayIsNotReplayedToAClientThatHadTheOriginal() {
        String token = DevTokens.user(tenant, "alice");
        EventEnvelope<?> event = TestEvents.lowStock(tenant, "p1", Priority.HIGH);
        String position;
        try (WsClient first = connect("/ws?channels=stock", token)) {
            Sent original = events.send(event, "p1", 1);
            position = first.awaitEvent(original.eventId()).getString("position");
        }
        try (WsClient observer = connect("/ws?channels=stock", DevTokens.user(tenant, "carol"))) {
            events.send(event, "p1", 1);
            Sent missed = events.send(TestEvents.lowStock(tenant, "p2", Priority.LOW), "p2", 1);
            observer.awaitEvent(missed.eventId());
            assertThat(eventIds(observer)).as("the copy reaches no one live").containsExactly(missed.eventId());

            try (WsClient back = connect("/ws?channels=stock&since=" + encode(position), token)) {
                JsonObject recovery = back.awaitFrame(f -> "recovery".equals(f.getString("type")));
                assertThat(recovery.getBoolean("recovered")).isTrue();
                back.awaitEvent(missed.eventId());
                assertThat(eventIds(back)).containsExactly(missed.eventId());
            }
        }
    }

    private static List<String> eventIds(WsClient client) {
        return client.frames().stream().filter(f -> "event".equals(f.getString("type")))
                .map(f -> f.getString("event_id")).toList();
    }

    private static double duplicatesDropped() {
        Matcher matcher = DUPLICATES.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
