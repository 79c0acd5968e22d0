package dev.stockpulse.inventory;

import static dev.stockpulse.inventory.InventoryApi.warehouse;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;

/**
 * A client's bearer token is verified once and accepted from memory afterwards (service-commons' CachingJwtParser),
 * without accepting anything the verifier alone would refuse.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class TokenCacheTest {

    @Inject
    JWTAuthContextInfo verification;

    final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aRepeatedTokenIsVerifiedOnce() {
        String token = DevTokens.staff(tenant, "clerk");
        Counts before = Counts.now();

        for (int i = 0; i < 5; i++) {
            listWarehouses(token, 200);
        }

        Counts after = Counts.now();
        assertThat(after.misses - before.misses).as("verified in full").isEqualTo(1);
        assertThat(after.hits - before.hits).as("accepted from memory").isEqualTo(4);
    }

    @Test
    void aTamperedTokenIsRefusedAfterTheGenuineOneWasRemembered() {
        String token = DevTokens.staff(tenant, "clerk");
        listWarehouses(token, 200);
        Counts before = Counts.now();
        listWarehouses(token, 200);
        assertThat(Counts.now().hits - before.hits).as("the genuine token is remembered").isEqualTo(1);

        String[] parts = token.split("\\.");
        String signature = parts[2];
        int middle = signature.length() / 2;
        String otherSignature = signature.substring(0, middle) + (signature.charAt(middle) == 'A' ? 'B' : 'A')
                + signature.substring(middle + 1);
        listWarehouses(parts[0] + "." + parts[1] + "." + otherSignature, 401);

        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String otherPayload = payload.replace("\"" + tenant + "\"", "\"other-" + tenant + "\"");
        assertThat(otherPayload).isNotEqualTo(payload);
        listWarehouses(parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(otherPayload.getBytes(StandardCharsets.UTF_8)) + "." + signature, 401);

        listWarehouses(token + "x", 401);
        listWarehouses(token, 200);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        // A cold application's first request takes seconds on a busy machine; the window below must not start with it.
        listWarehouses(DevTokens.staff(tenant, "clerk"), 200);
        // Past its exp already, but inside the verifier's clock skew for four to five more seconds.
        long skew = verification.getExpGracePeriodSecs() > 0 ? verification.getExpGracePeriodSecs()
                : verification.getClockSkew();
        Instant now = Instant.now();
        Instant refusedFrom = now.plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        String token = DevTokens.token(tenant, "clerk", Set.of("user", "staff"), now.minusSeconds(skew + 60),
                refusedFrom.minusSeconds(skew));

        listWarehouses(token, 200);
        Counts remembered = Counts.now();
        listWarehouses(token, 200);
        assertThat(Counts.now().hits - remembered.hits).as("accepted from memory while valid").isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().auth().oauth2(token).get("/api/warehouses").statusCode() == 401);
        assertThat(Instant.now()).as("not refused before the verifier would").isAfterOrEqualTo(refusedFrom);
        Counts refused = Counts.now();
        listWarehouses(token, 401);
        assertThat(Counts.now().misses - refused.misses).as("an expired token is verified, and refused, in full")
                .isEqualTo(1);
    }

    @Test
    void tokensOfTwoTenantsAreNeverConfused() {
        String other = "other-" + tenant;
        String mine = DevTokens.staff(tenant, "clerk");
        String theirs = DevTokens.staff(other, "clerk");
        String myWarehouse = warehouse(mine);
        String theirWarehouse = warehouse(theirs);
        Counts before = Counts.now();

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(mine).get("/api/warehouses/" + myWarehouse).then().statusCode(200);
            given().auth().oauth2(theirs).get("/api/warehouses/" + myWarehouse).then().statusCode(404);
            given().auth().oauth2(theirs).get("/api/warehouses/" + theirWarehouse).then().statusCode(200);
            given().auth().oauth2(mine).get("/api/warehouses/" + theirWarehouse).then().statusCode(404);
        }

        assertThat(Counts.now().hits - before.hits).as("both tokens come from memory").isEqualTo(12);
    }

    private static void listWarehouses(String token, int status) {
        given().auth().oauth2(token).get("/api/warehouses").then().statusCode(status);
    }

    private record Counts(double hits, double misses) {

        static Counts now() {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            return new Counts(metric(metrics, "stockpulse_token_cache_hits_total"),
                    metric(metrics, "stockpulse_token_cache_misses_total"));
        }

        /** The sample's value: what follows the name and labels, before an exemplar ({@code # {trace_id=…} …}). */
        private static double metric(String metrics, String name) {
            return metrics.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)
                            .split(" ")[0]))
                    .sum();
        }
    }
}
