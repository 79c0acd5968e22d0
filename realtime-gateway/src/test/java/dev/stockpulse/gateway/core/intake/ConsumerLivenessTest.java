package dev.stockpulse.gateway.core.intake;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A gateway whose Kafka consumer is dead delivers nothing; it must say so on {@code /health/live}, so that Kubernetes
 * restarts it. Here the consumer dies for real: the profile gives it a setting Kafka's consumer refuses (the producer
 * and the admin client of the health check do not use it), so its thread ends on the exception, as it would on any
 * other it cannot survive.
 */
@QuarkusTest
@TestProfile(ConsumerLivenessTest.ConsumerCannotStart.class)
@WithTestResource(LocalStackTestResource.class)
class ConsumerLivenessTest {

    public static final class ConsumerCannotStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.isolation.level", "read_everything");
        }
    }

    @Test
    void aDeadConsumerTurnsLivenessDown() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> given()
                .when().get("/health/live")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'gateway-kafka-consumer' }.status", equalTo("DOWN")));
    }
}
