package dev.stockpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A step's percentiles from two scrapes of a Prometheus histogram's cumulative buckets. */
class QuantileBetweenTest {

    private static final String NAME = "stockpulse_outbox_relay_lag_seconds";

    private static Map<String, Double> buckets(double le5ms, double le10ms, double le50ms, double all) {
        Map<String, Double> m = new HashMap<>();
        m.put(NAME + "_bucket{le=\"0.005\"}", le5ms);
        m.put(NAME + "_bucket{le=\"0.01\"}", le10ms);
        m.put(NAME + "_bucket{le=\"0.05\"}", le50ms);
        m.put(NAME + "_bucket{le=\"+Inf\"}", all);
        m.put(NAME + "_count", all);
        m.put(NAME + "{quantile=\"0.99\"}", 9.9);
        return m;
    }

    @Test
    void onlyTheObservationsBetweenTheScrapesCount() {
        // Before: 1,000 observations, a tenth of them above 50 ms. Between: 100, of which 98 under 5 ms, 2 up to 50 ms.
        Map<String, Double> before = buckets(800, 850, 900, 1000);
        Map<String, Double> after = buckets(898, 948, 1000, 1100);

        assertThat(GatewayProbe.quantileBetween(before, after, NAME, 0.5)).isEqualTo(0.005);
        assertThat(GatewayProbe.quantileBetween(before, after, NAME, 0.98)).isEqualTo(0.005);
        assertThat(GatewayProbe.quantileBetween(before, after, NAME, 0.99)).isEqualTo(0.05);
        assertThat(GatewayProbe.quantileBetween(before, after, NAME, 1.0)).isEqualTo(0.05);
    }

    @Test
    void aTailBeyondTheLastBoundIsInfinite() {
        Map<String, Double> after = buckets(50, 90, 95, 100);

        assertThat(GatewayProbe.quantileBetween(Map.of(), after, NAME, 0.9)).isEqualTo(0.01);
        assertThat(GatewayProbe.quantileBetween(Map.of(), after, NAME, 0.99)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void nothingObservedOrNoBucketsIsNotANumber() {
        Map<String, Double> same = buckets(1, 2, 3, 4);

        assertThat(GatewayProbe.quantileBetween(same, same, NAME, 0.99)).isNaN();
        assertThat(GatewayProbe.quantileBetween(Map.of(), Map.of(NAME + "_count", 5.0), NAME, 0.99)).isNaN();
    }
}
