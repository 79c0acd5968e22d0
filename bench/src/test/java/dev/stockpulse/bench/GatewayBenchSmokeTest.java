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
    void manySmallRoomsEachGetTheirTenantsEventsOnly() throws Exception {
        BenchOptions options = BenchOptions.parse(new String[] {"--tenants=5", "--clients=20", "--rates=25",
                "--duration=2s", "--warmup=1s", "--settle=300ms", "--drain-timeout=10s", "--heap-histogram=false"});
        GatewayBench.Run run = new GatewayBench.Run(options);

        RunResult result = run.execute().get(0);

        assertThat(result.tenants).isEqualTo(5);
        assertThat(result.sent).isGreaterThanOrEqualTo(5);
        assertThat(result.expected).as("each event reaches the 4 clients of its tenant").isEqualTo(result.sent * 4);
        assertThat(result.received).isEqualTo(result.expected);
        assertThat(result.mostExpectedPerClient - result.fewestExpectedPerClient).isLessThanOrEqualTo(1);
        assertThat(result.fewestPerClient).isEqualTo(result.fewestExpectedPerClient);
        assertThat(result.mostPerClient).as("no client got another tenant's events")
                .isEqualTo(result.mostExpectedPerClient);
        assertThat(result.cpuMicrosPerDelivery()).isPositive();
    }

    @Test
    void theIntakeModeMeasuresTheCpuPerEventReadWithNoClient() throws Exception {
        BenchOptions options = BenchOptions.parse(new String[] {"--mode=intake", "--rates=200,0", "--events=400",
                "--duration=2s", "--warmup=1s", "--settle=300ms", "--drain-timeout=10s"});
        GatewayBench.Run run = new GatewayBench.Run(options);

        assertThat(run.execute()).as("no delivery runs in intake mode").isEmpty();

        List<IntakeMeasurement.Step> steps = run.intakeSteps();
        assertThat(steps).extracting(IntakeMeasurement.Step::rate).containsExactly(-1.0, 200.0, 0.0);
        assertThat(steps.get(0).idleCpuPercent()).isNotNaN().isGreaterThanOrEqualTo(0);
        for (IntakeMeasurement.Step step : steps.subList(1, steps.size())) {
            assertThat(step.events()).isPositive().isLessThanOrEqualTo(400);
            assertThat(step.read()).as("the gateway counted every event as read").isEqualTo(step.events());
            assertThat(step.eventsPerSecond()).isPositive();
            assertThat(step.cpuMicrosPerEvent()).isPositive();
        }
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
