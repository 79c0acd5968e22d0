package dev.stockpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.stockpulse.bench.EndToEndBench.PgbenchResult;
import dev.stockpulse.bench.EndToEndBench.Step;

/**
 * The end-to-end benchmark at a small scale, as `verify` can afford it: a real broker and database, the three packaged
 * services as their own processes, a few adjustments over REST, two WebSocket clients of the tenant, and a short
 * pgbench run of the adjustment's SQL. It proves the bench still works (every request answered, every event matched
 * to its request at every client, every figure measured), not the system's speed: no figure is compared with a target.
 */
class EndToEndBenchSmokeTest {

    @Test
    void aSmallRunMatchesEveryEventToItsRequestAndMeasuresEveryFigure() throws Exception {
        EndToEndBench.Run run = new EndToEndBench.Run(EndToEndOptions.parse(new String[] {"--rates=10", "--duration=2s",
                "--warmup=0", "--products=5", "--clients=2", "--settle=0s", "--drain-timeout=15s", "--pgbench=2s",
                "--pgbench-clients=2"}));

        List<Step> steps = run.execute();

        assertThat(steps).hasSize(1);
        Step step = steps.get(0);
        assertThat(step.offered).isEqualTo(20);
        assertThat(step.ok).as("first error: %s", step.firstError).isEqualTo(20);
        assertThat(step.errors).isZero();
        assertThat(step.eventsExpected).isEqualTo(40);
        assertThat(step.eventsReceived).as("each client got each request's event, matched by SKU and delta")
                .isEqualTo(40);
        assertThat(step.restP99).isPositive();
        assertThat(step.e2eP50).isPositive();
        assertThat(step.e2eP99).isGreaterThanOrEqualTo(step.e2eP50);
        assertThat(step.poolHoldMillis).as("inventory-service's pool metrics were read").isPositive();
        assertThat(step.poolWaitMillis).isNotNaN();
        assertThat(step.statementMillis).isPositive();
        assertThat(step.relayLagMean).as("the relay's lag over the step, from its timer's sum and count").isPositive();
        assertThat(step.relayLagP50).as("the relay's lag over the step, from its timer's buckets").isPositive();
        assertThat(step.relayLagP99).isGreaterThanOrEqualTo(step.relayLagP50);
        // The adjustment's own five statements (read-and-lock, units sold, level, ledger line, outbox row) and a share
        // of the relay's: a relay round's statements are shared by the rows it takes, one or several at this rate.
        assertThat(step.statementsPerAdjustment).as("the adjustment's five statements and a share of the relay's")
                .isGreaterThan(5.0).isLessThan(30.0);
        assertThat(step.cpuMillisPerAdjustment).containsKeys("inventory-service", "sales-service", "realtime-gateway",
                "postgres", "bench+kafka");
        assertThat(step.cpuMillisPerAdjustment.get("inventory-service")).isPositive();
        assertThat(step.cpuMillisPerAdjustment.get("postgres")).as("PostgreSQL's processes were found").isPositive();
        assertThat(step.jitMillisPerAdjustment).as("each JVM's compiler threads were read")
                .containsOnlyKeys("inventory-service", "sales-service", "realtime-gateway", "bench+kafka")
                .allSatisfy((jvm, millis) -> assertThat(millis).as(jvm).isGreaterThanOrEqualTo(0.0));
        // Its first requests after a start are compiled during the step; a wrong thread name would read 0.
        assertThat(step.jitMillisPerAdjustment.get("inventory-service")).isPositive()
                .isLessThanOrEqualTo(step.cpuMillisPerAdjustment.get("inventory-service"));
        assertThat(step.wakeupsPerAdjustment).as("every process's context switches were read")
                .containsOnlyKeys("inventory-service", "sales-service", "realtime-gateway", "postgres", "bench+kafka");
        // Each adjustment wakes inventory-service (its request) and a PostgreSQL backend (its statements) at least
        // once.
        assertThat(step.wakeupsPerAdjustment.get("inventory-service")).isGreaterThanOrEqualTo(1.0);
        assertThat(step.wakeupsPerAdjustment.get("postgres")).isGreaterThanOrEqualTo(1.0);
        assertThat(step.preemptionsPerAdjustment).containsOnlyKeys(step.wakeupsPerAdjustment.keySet());
        assertThat(step.gcPauses).as("each service's collector pauses were read")
                .containsOnlyKeys("inventory-service", "sales-service", "realtime-gateway", "bench+kafka")
                .allSatisfy((service, pauses) -> assertThat(pauses.reported()).as(service).isTrue());
        assertThat(step.roundTrip.roundTrips()).as("loopback round trips were sampled during the step").isPositive();
        assertThat(step.roundTrip.cpuMicros()).isPositive();
        assertThat(run.atEnd()).as("the machine was measured again after the steps").isNotNull();
        assertThat(run.atEnd().roundTrips()).isPositive();
        List<PgbenchResult> pgbench = run.pgbench();
        assertThat(pgbench).hasSize(1);
        assertThat(pgbench.get(0).tps()).as("pgbench ran the adjustment's SQL").isPositive();
        assertThat(pgbench.get(0).postgresCpuMillis()).as("PostgreSQL CPU per pgbench transaction").isPositive();
    }
}
