package dev.stockpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code GatewayBench --mode=storm} at a small scale, as `verify` can afford it (one to two minutes): 20 clients connect at
 * once, the packaged gateway is stopped and started again while events go on, and every client comes back with its
 * position and has every event once. No figure is compared with a target.
 */
class StormSmokeTest {

    @Test
    void everyClientConnectsThenReconnectsAfterARestartWithEveryEventOnce() throws Exception {
        BenchOptions options = BenchOptions.parse(new String[] {"--mode=storm", "--clients=20", "--storm-events=10",
                "--rates=20", "--drain-timeout=10s"});
        GatewayBench.Run run = new GatewayBench.Run(options);

        assertThat(run.execute()).as("no load runs in storm mode").isEmpty();

        StormMeasurement.Result storm = run.storm();
        assertThat(storm.welcomed()).isEqualTo(20);
        assertThat(storm.connectWallMillis()).isPositive();
        assertThat(storm.connectP99()).isPositive().isLessThanOrEqualTo(storm.connectMax());
        assertThat(storm.connectCpuSeconds()).isPositive();
        assertThat(storm.events()).isEqualTo(30);
        assertThat(storm.reconnected()).isEqualTo(20);
        assertThat(storm.recovered()).as("every client was told recovered:true").isEqualTo(20);
        assertThat(storm.missing()).as("events missing at any client").isZero();
        assertThat(storm.duplicates()).as("events received twice").isZero();
        assertThat(storm.unknownFrames()).isZero();
        assertThat(storm.firstNotReplayed()).as("clients whose first frame back was not a missed event").isZero();
        assertThat(storm.replayP99FromReady()).isPositive().isLessThanOrEqualTo(storm.replayMaxFromReady());
        assertThat(storm.replayP99FromStart()).isPositive();
        assertThat(storm.reconnectCpuSeconds()).isPositive();
    }
}
