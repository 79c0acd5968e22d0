package dev.stockpulse.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.fuzz.FuzzSettings;
import dev.stockpulse.localstack.fuzz.RestFuzzer;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Generated requests against every operation of this service's OpenAPI document, on the real database and broker: no
 * 5xx, every error problem+json, and the service still ready afterwards (see local-stack's README, "Fuzz suites").
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class RestFuzzTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void noGeneratedRequestGetsA5xxOrAnErrorThatIsNotProblemJson() {
        FuzzSettings settings = FuzzSettings.fromSystemProperties();
        RestFuzzer fuzzer = new RestFuzzer("inventory-service", base, settings);

        RestFuzzer.Report report = fuzzer.run(settings.count(4_000), settings.deadline());

        System.out.println(report.summary());
        assertThat(report.failures()).as(report.summary()).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(fuzzer::ready);
    }
}
