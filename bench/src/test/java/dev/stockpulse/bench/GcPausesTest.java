package dev.stockpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.stockpulse.bench.EndToEndBench.GcPauses;

/** A step's collector pauses from two scrapes of a service's Prometheus metrics, as Micrometer's JVM binder names them. */
class GcPausesTest {

    private static final String MINOR = "{action=\"end of minor GC\",cause=\"Allocation Failure\",gc=\"PS Scavenge\"}";
    private static final String MAJOR = "{action=\"end of major GC\",cause=\"Ergonomics\",gc=\"PS MarkSweep\"}";

    @Test
    void countsEveryPauseOfTheStepAndTheMajorOnesApart() {
        Map<String, Double> before = Map.of(
                "jvm_gc_pause_seconds_count" + MINOR, 10.0, "jvm_gc_pause_seconds_sum" + MINOR, 0.050,
                "jvm_gc_pause_seconds_count" + MAJOR, 1.0, "jvm_gc_pause_seconds_sum" + MAJOR, 0.100,
                "jvm_gc_pause_seconds_max" + MAJOR, 0.100);
        Map<String, Double> after = Map.of(
                "jvm_gc_pause_seconds_count" + MINOR, 25.0, "jvm_gc_pause_seconds_sum" + MINOR, 0.125,
                "jvm_gc_pause_seconds_count" + MAJOR, 3.0, "jvm_gc_pause_seconds_sum" + MAJOR, 0.400,
                "jvm_gc_pause_seconds_max" + MAJOR, 0.200);

        GcPauses pauses = GcPauses.between(before, after);

        assertThat(pauses.reported()).isTrue();
        assertThat(pauses.count()).isEqualTo(17);
        assertThat(pauses.millis()).isCloseTo(375, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(pauses.majorCount()).isEqualTo(2);
        assertThat(pauses.majorMillis()).isCloseTo(300, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(pauses).hasToString("375 ms in 17 (major 2, 300 ms)");
    }

    @Test
    void thisJvmsPausesAreCountedFromItsCollectorBeans() {
        double[] before = GcPauses.ofThisJvm();
        System.gc();
        GcPauses pauses = GcPauses.between(before, GcPauses.ofThisJvm());

        assertThat(pauses.reported()).isTrue();
        assertThat(pauses.count()).as("System.gc() is a collection of this JVM").isPositive();
        assertThat(pauses.millis()).isNotNegative();
    }

    @Test
    void aServiceWithoutTheMetricSaysSo() {
        GcPauses pauses = GcPauses.between(Map.of(), Map.of("process_cpu_usage", 0.5));

        assertThat(pauses.reported()).isFalse();
        assertThat(pauses).hasToString("not reported");
    }
}
