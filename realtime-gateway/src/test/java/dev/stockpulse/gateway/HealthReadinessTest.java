package dev.stockpulse.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.Infrastructure;
import dev.stockpulse.localstack.LocalStack;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Readiness follows the broker: a gateway that cannot read Kafka has nothing to send and must leave the rotation. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class HealthReadinessTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String applicationBootstrapServers;

    @Test
    void readinessIsDownWhileKafkaIsAwayAndLivenessStaysUp() {
        awaitStatus("/health/ready", 200, "UP");
        Infrastructure infra = sameInfrastructureAsTheApplication();

        infra.stopKafka();
        try {
            awaitStatus("/health/ready", 503, "DOWN");
            given().when().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            infra.startKafka();
        }

        awaitStatus("/health/ready", 200, "UP");
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
