package dev.stockpulse.gateway.core.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The warm-up's synthetic connections each get what a client coming back with a position gets (the welcome, the
 * recovery, every missed event, then the live ones), and none of them is ever a connection of the gateway itself.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class ConnectWarmupTest {

    /** The test profile's room capacity: the warm-up replays no more than a room keeps. */
    private static final int REPLAYED = 20;
    private static final int LIVE = 20;

    // A health check is a bean of its @Readiness qualifier only.
    @Inject
    @Readiness
    ConnectWarmup warmup;

    @Inject
    ConnectionRegistry registry;

    @Test
    void everySyntheticConnectionIsWelcomedRecoveredAndDeliveredToOnAPrivateCore() {
        ConnectWarmup.Outcome outcome = warmup.run(30);

        assertThat(outcome.framesWritten()).as("welcome, recovery, the replay and the live events, per connection")
                .isEqualTo(30L * (2 + REPLAYED + LIVE));
        assertThat(registry.all()).as("the gateway's own connections").noneMatch(
                session -> session.id().startsWith("warmup-"));
        // The start's own run, on its thread, turns the check UP once it is done.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> warmup.call().getStatus() == HealthCheckResponse.Status.UP);
    }
}
