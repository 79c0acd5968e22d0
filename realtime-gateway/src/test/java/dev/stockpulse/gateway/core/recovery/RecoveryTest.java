package dev.stockpulse.gateway.core.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

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
 * A client that was away comes back with the last position it saw and gets exactly what it missed, then live
 * events. The test profile keeps 20 events per room ({@code %test.gateway.recovery.room-capacity}). Records of one
 * test go to one partition, so their order is the order the gateway processed them in.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class RecoveryTest extends LiveGatewayTest {

    RecoveryTest() {
        super("tenant-r");
    }

    @Test
    void reconnectingWithSinceGetsWhatWasMissedInOrderWithoutDuplicatesThenLiveEvents() {
        String token = DevTokens.user(tenant, "alice");
        String position;
        Sent seen;
        try (WsClient first = connect("/ws?channels=stock,alerts", token)) {
            seen = events.send(TestEvents.lowStock(tenant, "p1", Priority.LOW), "p1", 1);
            position = first.awaitEvent(seen.eventId()).getString("position");
        }
        List<String> missed = new ArrayList<>();
        // Another client of the tenant stays connected: once it has the last missed event, the gateway has read
        // everything alice missed, so her replay cannot race the consumer.
        try (WsClient observer = connect("/ws?channels=stock,alerts", DevTokens.user(tenant, "carol"))) {
            missed.add(events.send(TestEvents.lowStock(tenant, "p2", Priority.LOW), "p2", 1).eventId());
            events.send(TestEvents.orderCreated(tenant, "bob", "o-1"), "o-1", 1);
            missed.add(events.send(TestEvents.alertRaised(tenant, "p3"), "p3", 1).eventId());
            events.send(TestEvents.lowStock("another-" + tenant, "p4", Priority.LOW), "p4", 1);
            missed.add(events.send(TestEvents.lowStock(tenant, "p5", Priority.HIGH), "p5", 1).eventId());
            observer.awaitEvent(missed.get(2));
        }

        try (WsClient back = connect("/ws?channels=stock,alerts&since=" + encode(position), token)) {
            JsonObject recovery = back.awaitFrame(f -> "recovery".equals(f.getString("type")));
            assertThat(recovery.getBoolean("recovered")).isTrue();
            assertThat(recovery.getInteger("replayed")).isEqualTo(3);
            back.awaitEvent(missed.get(2));

            Sent live = events.send(TestEvents.lowStock(tenant, "p6", Priority.LOW), "p6", 1);
            back.awaitEvent(live.eventId());

            List<String> received = back.frames().stream().filter(f -> "event".equals(f.getString("type")))
                    .map(f -> f.getString("event_id")).toList();
            assertThat(received).containsExactly(missed.get(0), missed.get(1), missed.get(2), live.eventId());
            assertThat(back.frames().get(0).getString("type")).isEqualTo("welcome");
            assertThat(back.frames().get(1)).isEqualTo(recovery);
        }
    }

    @Test
    void subscribeWithSinceReplaysOnlyTheMissedEventsOfThatChannel() {
        try (WsClient client = connect("/ws?channels=stock", DevTokens.user(tenant, "alice"))) {
            Sent stock = events.send(TestEvents.lowStock(tenant, "p1", Priority.LOW), "p1", 2);
            String position = client.awaitEvent(stock.eventId()).getString("position");
            Sent alert1 = events.send(TestEvents.alertRaised(tenant, "p2"), "p2", 2);
            Sent stock2 = events.send(TestEvents.lowStock(tenant, "p3", Priority.LOW), "p3", 2);
            Sent alert2 = events.send(TestEvents.alertRaised(tenant, "p4"), "p4", 2);
            // Same partition, after alert2: once it arrives, the gateway has read alert2 too.
            Sent stock3 = events.send(TestEvents.lowStock(tenant, "p5", Priority.LOW), "p5", 2);
            client.awaitEvent(stock3.eventId());

            int seen = client.frameCount();
            client.send(new JsonObject().put("action", "subscribe").put("channel", "alerts").put("since", position));

            JsonObject recovery = client.awaitFrameAfter(seen, "recovery");
            assertThat(recovery.getString("channel")).isEqualTo("alerts");
            assertThat(recovery.getBoolean("recovered")).isTrue();
            assertThat(recovery.getInteger("replayed")).isEqualTo(2);
            client.awaitEvent(alert2.eventId());
            List<String> after = client.frames().subList(seen, client.frameCount()).stream()
                    .map(f -> f.getString("type") + ":" + f.getString("event_id", "")).toList();
            assertThat(after).containsExactly("subscribed:", "recovery:", "event:" + alert1.eventId(),
                    "event:" + alert2.eventId());
            assertThat(client.frames()).filteredOn(f -> stock2.eventId().equals(f.getString("event_id")))
                    .as("a stock event already received live is not replayed").hasSize(1);
        }
    }

    @Test
    void aGapLargerThanTheBufferIsReportedAsNotRecovered() {
        String token = DevTokens.user(tenant, "alice");
        String position;
        try (WsClient first = connect("/ws?channels=stock", token)) {
            Sent seen = events.send(TestEvents.lowStock(tenant, "p0", Priority.LOW), "p0", 0);
            position = first.awaitEvent(seen.eventId()).getString("position");
        }
        try (WsClient probe = connect("/ws?channels=alerts", DevTokens.user(tenant, "probe"))) {
            for (int i = 1; i <= 21; i++) {
                events.send(TestEvents.lowStock(tenant, "p" + i, Priority.LOW), "p" + i, 0);
            }
            Sent last = events.send(TestEvents.alertRaised(tenant, "last"), "last", 0);
            // Once the last record arrived, the 21 before it have been buffered (and the first one evicted).
            probe.awaitEvent(last.eventId());
        }

        try (WsClient back = connect("/ws?channels=stock&since=" + encode(position), token)) {
            JsonObject recovery = back.awaitFrame(f -> "recovery".equals(f.getString("type")));
            assertThat(recovery.getBoolean("recovered")).isFalse();
            assertThat(recovery.containsKey("replayed")).isFalse();
            Sent live = events.send(TestEvents.lowStock(tenant, "live", Priority.LOW), "live", 0);
            back.awaitEvent(live.eventId());
            assertThat(back.frames()).filteredOn(f -> "event".equals(f.getString("type")))
                    .as("nothing of the gap is replayed, live events flow").hasSize(1);
        }
    }

    @Test
    void aConnectionThatGotNoEventCanComeBackWithItsWelcomePosition() {
        String token = DevTokens.user(tenant, "alice");
        String position;
        try (WsClient first = connect("/ws?channels=notifications", token)) {
            position = first.frames().get(0).getString("position");
            assertThat(position).isNotBlank();
        }
        Sent missed = events.send(TestEvents.notification(tenant, "alice"), "n-1");

        try (WsClient back = connect("/ws?channels=notifications&since=" + encode(position), token)) {
            assertThat(back.awaitEvent(missed.eventId()).getString("channel")).isEqualTo("notifications");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Version 1, then a topic index as a 10-byte varint: the decoder read it as -1 and threw out of the connection. */
    static final String OVERLONG_VARINT = "Af___________wEAAA";

    @Test
    void aCraftedSinceIsAnErrorFrameAndTheConnectionStaysUp() {
        try (WsClient client = connect("/ws?channels=stock&since=" + OVERLONG_VARINT, DevTokens.user(tenant, "mallory"))) {
            JsonObject error = client.awaitFrame(f -> "error".equals(f.getString("type")));
            assertThat(error.getString("code")).isEqualTo("bad_request");
            assertThat(error.getString("message")).contains("since");
            assertThat(client.awaitFrame(f -> "recovery".equals(f.getString("type"))).getBoolean("recovered")).isFalse();

            client.send(new JsonObject().put("action", "subscribe").put("channel", "alerts").put("since", OVERLONG_VARINT));
            client.awaitFrame(f -> "recovery".equals(f.getString("type")) && "alerts".equals(f.getString("channel")));
            client.send(new JsonObject().put("action", "ping"));
            client.awaitFrame(f -> "pong".equals(f.getString("type")));
            assertThat(client.frames()).filteredOn(f -> "error".equals(f.getString("type"))).hasSize(2);
            assertThat(client.isClosed()).isFalse();
        }
    }
}
