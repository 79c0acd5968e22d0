package dev.stockpulse.sales;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every endpoint that reads {@code X-Correlation-Id} refuses one longer than 128 characters, naming the header. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class RequestHeadersTest {

    final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    final String staff = DevTokens.staff(tenant, "sam");

    @Test
    void aCorrelationIdLongerThan128CharactersIsRefusedOnEveryEndpointThatReadsIt() {
        String tooLong = "c".repeat(129);
        for (String path : new String[] { "/api/alerts/%s/acknowledge", "/api/alerts/%s/resolve",
                "/api/orders/%s/cancel", "/api/orders/%s/deliver" }) {
            given().auth().oauth2(staff).header("X-Correlation-Id", tooLong).post(path.formatted(UUID.randomUUID()))
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://stockpulse.dev/problems/validation"))
                    .body("errors[0].field", equalTo("X-Correlation-Id"))
                    .body("detail", containsString("X-Correlation-Id"));
        }
    }
}
