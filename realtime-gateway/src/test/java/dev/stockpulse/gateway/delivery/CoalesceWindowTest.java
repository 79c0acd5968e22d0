package dev.stockpulse.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

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
 * With a coalescing window the live consumer holds events back for at most the window: a lone event still goes out
 * when its window ends with nothing more arriving, and a run of events arrives complete and in order.
 */
@QuarkusTest
@TestProfile(CoalesceWindowTest.Window.class)
@WithTestResource(LocalStackTestResource.class)
class CoalesceWindowTest extends LiveGatewayTest {

    public static final class Window implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.delivery.coalesce-window", "300ms");
        }
    }

    CoalesceWindowTest() {
        super("tenant-window");
    }

    @Test
    void aLoneEventGoesOutWhenItsWindowEnds() {
        try (WsClient client = connect("/ws?channels=stock", DevTokens.user(tenant, "alice"))) {
            Sent sent = events.send(TestEvents.lowStock(tenant, "prod-1", Priority.HIGH), "prod-1");
            client.awaitEvent(sent.eventId());
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
