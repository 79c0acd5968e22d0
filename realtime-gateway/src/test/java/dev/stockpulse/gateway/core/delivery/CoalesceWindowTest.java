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
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.gateway.support.TestEvents.Sent;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With a coalescing window the live consumer paces its sends to one per window on average (see SendPacer): an event
 * that comes after a quiet window goes out at once, one sent right after another waits at least half a window, and a
 * run of events arrives complete and in order. The window is long (3 s) so that "at once" and "waited" are far apart
 * whatever the machine's speed.
 */
@QuarkusTest
@TestProfile(CoalesceWindowTest.Window.class)
@WithTestResource(LocalStackTestResource.class)
class CoalesceWindowTest extends LiveGatewayTest {

    static final Duration WINDOW = Duration.ofSeconds(3);

    public static final class Window implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.delivery.coalesce-window", WINDOW.toMillis() + "ms");
        }
    }

    CoalesceWindowTest() {
        super("tenant-window");
    }

    @Test
    void anEventAfterAQuietWindowGoesOutAtOnce() throws InterruptedException {
        try (WsClient client = connect("/ws?channels=stock", DevTokens.user(tenant, "alice"))) {
            // The condition under test is a window with nothing sent, so this waits for one to pass.
            Thread.sleep(WINDOW.plusMillis(200).toMillis());
            long start = System.nanoTime();
            Sent sent = events.send(TestEvents.lowStock(tenant, "prod-1", Priority.HIGH), "prod-1");
            client.awaitEvent(sent.eventId());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WINDOW.multipliedBy(2).dividedBy(3));
        }
    }

    @Test
    void anEventRightAfterASendWaitsAtLeastHalfAWindow() {
        try (WsClient client = connect("/ws?channels=stock", DevTokens.user(tenant, "carol"))) {
            Sent first = events.send(TestEvents.lowStock(tenant, "prod-1", Priority.HIGH), "prod-1");
            client.awaitEvent(first.eventId());
            long firstArrived = System.nanoTime();
            Sent second = events.send(TestEvents.lowStock(tenant, "prod-2", Priority.HIGH), "prod-2");
            client.awaitEvent(second.eventId());
            // The first went out before it arrived, and left at most half a send's credit: the second waits for the rest.
            assertThat(Duration.ofNanos(System.nanoTime() - firstArrived))
                    .isGreaterThanOrEqualTo(WINDOW.dividedBy(2).minusMillis(300));
        }
    }

    @Test
    void aRunOfEventsArrivesCompleteAndInOrder() {
        try (WsClient client = connect("/ws?channels=stock", DevTokens.user(tenant, "bob"))) {
            List<EventEnvelope<?>> run = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                run.add(TestEvents.lowStock(tenant, "prod-" + i, Priority.MEDIUM));
            }
            List<Sent> sent = events.sendAll(run, "prod", 0);
            client.awaitEvent(sent.get(sent.size() - 1).eventId());

            assertThat(client.frames()).filteredOn(f -> "event".equals(f.getString("type")))
                    .extracting(f -> f.getString("event_id"))
                    .containsExactlyElementsOf(sent.stream().map(Sent::eventId).toList());
        }
    }
}
