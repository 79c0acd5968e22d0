package dev.stockpulse.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.Priority;
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.gateway.support.TestEvents.Sent;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.Infrastructure;
import dev.stockpulse.localstack.LocalStack;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Readiness follows the broker: a gateway that cannot read Kafka has nothing to send and must leave the rotation. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class HealthReadinessTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String applicationBootstrapServers;

    @TestHTTPResource("/")
    URI base;

    @Test
    void readinessIsDownWhileKafkaIsAwayLivenessStaysUpAndDeliveryResumesByItself() {
        awaitStatus("/health/ready", 200, "UP");
        given().when().get("/health/ready").then().body("checks.find { it.name == 'gateway-event-stream' }.status",
                equalTo("UP"));
        Infrastructure infra = sameInfrastructureAsTheApplication();
        String tenant = "tenant-h-" + UUID.randomUUID().toString().substring(0, 8);

        try (WsClient client = WsClient.connect(base, "/ws?channels=stock", DevTokens.user(tenant, "alice"))) {
            client.awaitFrame(f -> "welcome".equals(f.getString("type")));
            infra.stopKafka();
            try {
                awaitStatus("/health/ready", 503, "DOWN");
                given().when().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));
            } finally {
                infra.startKafka();
            }
            awaitStatus("/health/ready", 200, "UP");

            try (TestEvents events = new TestEvents(applicationBootstrapServers)) {
                Sent sent = events.send(TestEvents.lowStock(tenant, "p1", Priority.HIGH), "p1");
                assertThat(client.awaitEvent(sent.eventId()).getString("tenant_id")).isEqualTo(tenant);
            }
            assertThat(client.isClosed()).as("the client rode out the outage").isFalse();
        }
    }

    /**
     * Stopping a broker the application does not use would prove nothing. {@code LocalStack.shared()} is a static:
     * if this class saw another copy of it than the test resource did (another class loader), it would have started
     * a second broker here, with another address.
     */
    private Infrastructure sameInfrastructureAsTheApplication() {
        Infrastructure infra = LocalStack.shared();
        if (!infra.kafkaBootstrapServers().equals(applicationBootstrapServers)) {
            throw new AssertionError("LocalStack.shared() in the test class is not the infrastructure the test resource"
                    + " started: the application uses Kafka at " + applicationBootstrapServers + ", the test sees "
                    + infra.kafkaBootstrapServers() + " (LocalStack loaded by " + LocalStack.class.getClassLoader() + ")");
        }
        return infra;
    }

    private static void awaitStatus(String path, int httpStatus, String status) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> given()
                .when().get(path)
                .then().statusCode(httpStatus).body("status", equalTo(status)));
    }
}
