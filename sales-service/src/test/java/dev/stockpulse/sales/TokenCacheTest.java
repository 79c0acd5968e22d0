package dev.stockpulse.sales;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A client's bearer token is verified once and accepted from memory afterwards (service-commons' CachingJwtParser;
 * inventory-service's TokenCacheTest covers expiry and tenants), and a changed token is verified again.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class TokenCacheTest {

    final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aRepeatedTokenIsVerifiedOnceAndATamperedOneRefused() {
        String token = DevTokens.user(tenant, "buyer");
        double hits = metric("stockpulse_token_cache_hits_total");
        double misses = metric("stockpulse_token_cache_misses_total");

        for (int i = 0; i < 5; i++) {
            listOrders(token, 200);
        }

        assertThat(metric("stockpulse_token_cache_misses_total") - misses).as("verified in full").isEqualTo(1);
        assertThat(metric("stockpulse_token_cache_hits_total") - hits).as("accepted from memory").isEqualTo(4);

        String[] parts = token.split("\\.");
        int middle = parts[2].length() / 2;
        String otherSignature = parts[2].substring(0, middle) + (parts[2].charAt(middle) == 'A' ? 'B' : 'A')
                + parts[2].substring(middle + 1);
        listOrders(parts[0] + "." + parts[1] + "." + otherSignature, 401);
        listOrders(token, 200);
    }

    private static void listOrders(String token, int status) {
        given().auth().oauth2(token).get("/api/orders").then().statusCode(status);
    }

    /** The sample's value: what follows the name and labels, before an exemplar ({@code # {trace_id=…} …}). */
    private static double metric(String name) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)
                        .split(" ")[0]))
                .sum();
    }
}
