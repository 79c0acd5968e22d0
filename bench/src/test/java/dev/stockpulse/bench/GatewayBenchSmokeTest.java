package dev.stockpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.stockpulse.bench.GatewayBench.RunResult;

/**
 * The whole benchmark at a small scale, as `verify` can afford it: a real broker, the packaged gateway as its own
 * process (with the image's JVM options, as the bench always starts it), 20 real WebSocket clients of each dialect the
 * bench speaks, and every figure the full run prints. It proves the bench still works end to end (a collector whose heap report it could not read
 * once broke it), not the gateway's speed: no figure here is compared with a target.
 */
class GatewayBenchSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {"ws", "socketio", "smart-inventory", "inventory-socket"})
    void aSmallRunDeliversEveryFrameToEveryClientAndMeasuresEveryFigure(String dialect) throws Exception {
        BenchOptions options = BenchOptions.parse(new String[] {"--dialect=" + dialect, "--clients=20", "--rates=20",
                "--duration=2s", "--warmup=1s", "--settle=300ms", "--drain-timeout=10s", "--heap-histogram=true"});
        GatewayBench.Run run = new GatewayBench.Run(options);

        List<RunResult> results = run.execute();

        assertThat(results).hasSize(1);
        RunResult result = results.get(0);
        assertThat(result.audience).isEqualTo(20);
        assertThat(result.sent).isPositive();
        assertThat(result.received).isEqualTo(result.expected).isEqualTo(result.sent * 20);
        assertThat(result.fewestPerClient).as("every client got every event, once").isEqualTo(result.sent);
        assertThat(result.mostPerClient).isEqualTo(result.sent);
        assertThat(result.serverDrops).isZero();
        assertThat(result.p99).isPositive();
        assertThat(result.gatewayCpuSeconds).isPositive();
        assertThat(result.cpuMicrosPerDelivery()).isPositive();
        assertThat(run.heapPerConnectionKiB()).as("heap per idle connection was read").isNotNaN();
    }

    @Test
    void theIdleModeMeasuresCpuAndMemoryWithNoneAndWithEveryStepOfIdleConnections() throws Exception {
        BenchOptions options = BenchOptions.parse(new String[] {"--mode=idle", "--idle-steps=10,20", "--idle-time=2s",
                "--settle=300ms", "--heap-samples=1", "--nmt=true"});
        GatewayBench.Run run = new GatewayBench.Run(options);

        assertThat(run.execute()).as("no load runs in idle mode").isEmpty();

        List<IdleMeasurement.Step> steps = run.idleSteps();
        assertThat(steps).extracting(IdleMeasurement.Step::connections).containsExactly(0, 10, 20);
        assertThat(steps).extracting(IdleMeasurement.Step::open).containsExactly(0, 10, 20);
        for (IdleMeasurement.Step step : steps) {
            assertThat(step.seconds()).isGreaterThanOrEqualTo(2);
            assertThat(step.cpuPercent()).isNotNaN().isGreaterThanOrEqualTo(0);
            assertThat(step.rss().totalKiB()).isPositive();
            assertThat(step.rss().anonKiB()).isPositive().isLessThanOrEqualTo(step.rss().totalKiB());
            assertThat(step.heapCommittedKiB()).isGreaterThanOrEqualTo(step.heapUsedKiB()).isPositive();
            assertThat(step.heapAfterGcKiB()).isPositive();
            assertThat(step.nativeKiB()).containsKeys("Total", "Java Heap", "Thread", "Other");
        }
    }
}
