package dev.stockpulse.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.fuzz.FuzzSettings;
import dev.stockpulse.localstack.fuzz.RestFuzzer;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Generated requests against every operation of the gateway's OpenAPI document (stats, status, broadcasts, which
 * publish to the real broker): no 5xx, every error problem+json, the gateway still ready afterwards.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class RestFuzzTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void noGeneratedRequestGetsA5xxOrAnErrorThatIsNotProblemJson() {
        FuzzSettings settings = FuzzSettings.fromSystemProperties();
        RestFuzzer fuzzer = new RestFuzzer("realtime-gateway", base, settings);

        RestFuzzer.Report report = fuzzer.run(settings.count(2_500), settings.deadline());

        System.out.println(report.summary());
        assertThat(report.failures()).as(report.summary()).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(fuzzer::ready);
    }
}
