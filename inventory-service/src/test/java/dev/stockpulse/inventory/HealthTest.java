package dev.stockpulse.inventory;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.LocalStack;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class HealthTest {

    @Test
    void readinessFollowsTheBrokerAndLivenessDoesNot() {
        given().get("/health/ready").then().statusCode(200);
        LocalStack.shared().stopKafka();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/health/ready").then().statusCode(503));
            given().get("/health/live").then().statusCode(200);
        } finally {
            LocalStack.shared().startKafka();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/health/ready").then().statusCode(200));
    }

    @Test
    void servesItsOpenApiDocument() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/inventory/adjust"));
    }
}
