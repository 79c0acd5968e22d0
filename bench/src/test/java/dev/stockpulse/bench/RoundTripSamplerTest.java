package dev.stockpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Round trips sampled in bursts while a bench runs, read as the difference of two snapshots. */
class RoundTripSamplerTest {

    @Test
    void burstsAreMeasuredAndReadBetweenTwoSnapshots() throws Exception {
        RoundTripSampler sampler = RoundTripSampler.start(Duration.ofMillis(20));
        try {
            RoundTripSampler.Snapshot first = awaitRoundTrips(sampler, RoundTripSampler.BURST);
            RoundTripSampler.Snapshot later =
                    awaitRoundTrips(sampler, first.roundTrips() + 2L * RoundTripSampler.BURST);

            RoundTripSampler.Between between = RoundTripSampler.Between.of(first, later);
            assertThat(between.roundTrips()).as("whole bursts only").isPositive()
                    .isEqualTo(later.roundTrips() - first.roundTrips())
                    .isEqualTo(between.roundTrips() / RoundTripSampler.BURST * RoundTripSampler.BURST);
            assertThat(between.micros()).isGreaterThan(0.5).isLessThan(100_000);
            // Both threads' CPU: each round trip is two writes, two reads and two wake-ups.
            assertThat(between.cpuMicros()).isGreaterThan(0);
        } finally {
            sampler.close();
        }
        assertThat(sampler.alive()).as("close stops both threads").isFalse();
    }

    @Test
    void nothingBetweenTwoEqualSnapshotsIsNaN() {
        RoundTripSampler.Snapshot s = new RoundTripSampler.Snapshot(300, 9_000_000, 12_000_000);
        RoundTripSampler.Between none = RoundTripSampler.Between.of(s, s);
        assertThat(none.roundTrips()).isZero();
        assertThat(none.micros()).isNaN();
        assertThat(none.cpuMicros()).isNaN();
        RoundTripSampler.Between some = RoundTripSampler.Between.of(s,
                new RoundTripSampler.Snapshot(400, 12_000_000, 16_000_000));
        assertThat(some.roundTrips()).isEqualTo(100);
        assertThat(some.micros()).isEqualTo(30.0);
        assertThat(some.cpuMicros()).isEqualTo(40.0);
    }

    private static RoundTripSampler.Snapshot awaitRoundTrips(RoundTripSampler sampler, long atLeast)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            RoundTripSampler.Snapshot s = sampler.snapshot();
            if (s.roundTrips() >= atLeast) {
                return s;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("fewer than " + atLeast + " round trips in 30 s: " + sampler.snapshot());
    }
}
