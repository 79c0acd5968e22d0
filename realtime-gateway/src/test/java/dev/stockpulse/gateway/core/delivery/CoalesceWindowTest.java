package dev.stockpulse.gateway.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.Priority;
import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.TestEvents.Sent;
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A long coalescing window (3 s, so that "at once" and "waited" are far apart whatever the machine's speed) holds back
 * only the events of a busy connection (see WritePacing): events that come one at a time, even one right after
 * another has arrived, go out at once; a run of events arrives complete, in order and within the window.
 */
@QuarkusTest
@TestProfile(CoalesceWindowTest.Window.class)
@WithTestResource(LocalStackTestResource.class)
class CoalesceWindowTest extends LiveGatewayTest {

    static final Duration WINDOW = Duration.ofSeconds(3);

    public static final class Window implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Paced at any instance rate: one test client alone is far below the default minimum.
            return Map.of("gateway.delivery.coalesce-window", WINDOW.toMillis() + "ms",
                    "gateway.delivery.coalesce-min-rate", "0");
        }
    }

    CoalesceWindowTest() {
        super("tenant-window");
    }

    @Test
    void eventsAtALowRateEachGoOutAtOnceWhateverTheWindow() {
        try (WsClient client = connect("/ws?channels=stock", DevTokens.user(tenant, "alice"))) {
            for (int i = 0; i < 4; i++) {
                long start = System.nanoTime();
                Sent sent = events.send(TestEvents.lowStock(tenant, "prod-" + i, Priority.HIGH), "prod-" + i);
                client.awaitEvent(sent.eventId());
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("event %d", i)
                        .isLessThan(WINDOW.dividedBy(3));
            }
        }
    }

    @Test
    void aRunOfEventsArrivesCompleteInOrderAndWithinTheWindow() {
        try (WsClient client = connect("/ws?channels=stock", DevTokens.user(tenant, "bob"))) {
            List<EventEnvelope<?>> run = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                run.add(TestEvents.lowStock(tenant, "prod-" + i, Priority.MEDIUM));
            }
            List<Sent> sent = events.sendAll(run, "prod", 0);
            long sentAt = System.nanoTime();
            client.awaitEvent(sent.get(sent.size() - 1).eventId());
            assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).isLessThan(WINDOW.plusSeconds(1));

            assertThat(client.frames()).filteredOn(f -> "event".equals(f.getString("type")))
                    .extracting(f -> f.getString("event_id"))
                    .containsExactlyElementsOf(sent.stream().map(Sent::eventId).toList());
        }
    }
}
