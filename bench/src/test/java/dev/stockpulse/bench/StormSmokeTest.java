package dev.stockpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code GatewayBench --mode=storm} at a small scale, as `verify` can afford it (one to two minutes): 20 clients connect at
 * once, drop their connections and all come back to the same gateway, then the packaged gateway is stopped and started
 * again while events go on, and every client comes back with its position each time and has every event once. No
 * figure is compared with a target.
 */
class StormSmokeTest {

    @Test
    void everyClientReconnectsToTheRunningGatewayAndAfterARestartWithEveryEventOnce() throws Exception {
        BenchOptions options = BenchOptions.parse(new String[] {"--mode=storm", "--clients=20", "--storm-events=10",
                "--rates=20", "--drain-timeout=10s"});
        GatewayBench.Run run = new GatewayBench.Run(options);

        assertThat(run.execute()).as("no load runs in storm mode").isEmpty();

        StormMeasurement.Result storm = run.storm();
        assertThat(storm.welcomed()).isEqualTo(20);
        assertThat(storm.connectWallMillis()).isPositive();
        assertThat(storm.connectP99()).isPositive().isLessThanOrEqualTo(storm.connectMax());
        assertThat(storm.connectCpuSeconds()).isPositive();
        assertThat(storm.events()).as("live, while away, live, while down, live").isEqualTo(50);
        assertThat(storm.warm()).as("one warm reconnect by default").hasSize(1);
        assertEveryClientRecovered(storm.warm().get(0));
        assertEveryClientRecovered(storm.restart());
    }

    private static void assertEveryClientRecovered(StormMeasurement.Reconnect reconnect) {
        assertThat(reconnect.reconnected()).isEqualTo(20);
        assertThat(reconnect.recovered()).as("every client was told recovered:true").isEqualTo(20);
        assertThat(reconnect.missing()).as("events missing at any client").isZero();
        assertThat(reconnect.duplicates()).as("events received twice").isZero();
        assertThat(reconnect.unknownFrames()).isZero();
        assertThat(reconnect.firstNotReplayed()).as("clients whose first frame back was not a missed event").isZero();
        assertThat(reconnect.allRecovered(20)).isTrue();
        assertThat(reconnect.replayP99()).isPositive().isLessThanOrEqualTo(reconnect.replayMax());
        assertThat(reconnect.replayP99FromStart()).isPositive();
        assertThat(reconnect.cpuSeconds()).isPositive();
    }
}
