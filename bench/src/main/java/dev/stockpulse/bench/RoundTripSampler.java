package dev.stockpulse.bench;

import java.io.IOException;
import java.time.Duration;

/**
 * {@link MachineYardstick}'s loopback round trip, sampled while a bench runs: a burst of {@value #BURST} round trips
 * over one connection every interval, between two threads of this JVM. A step reads it before and after, and gets what
 * one round trip (two writes, two reads, two wake-ups) cost during the step: its wall time, which also holds the time
 * the two threads waited for a core, and the CPU of both threads, which does not. The machine's speed can change within
 * a run, and a step's CPU figures change with it; this says by how much. A burst costs about 100 × 30 µs of CPU here,
 * a few thousandths of a core at one burst a second.
 */
final class RoundTripSampler implements AutoCloseable {

    static final int BURST = 100;

    /** Round trips measured so far, their wall time and the CPU of both threads over them, all since the start. */
    record Snapshot(long roundTrips, long wallNanos, long cpuNanos) {
    }

    /** What the round trips between two snapshots cost, each: wall µs and CPU µs; NaN when none ran in between. */
    record Between(long roundTrips, double micros, double cpuMicros) {

        static final Between NONE = new Between(0, Double.NaN, Double.NaN);

        static Between of(Snapshot before, Snapshot after) {
            long n = after.roundTrips() - before.roundTrips();
            return n <= 0 ? NONE
                    : new Between(n, (after.wallNanos() - before.wallNanos()) / 1000.0 / n,
                            (after.cpuNanos() - before.cpuNanos()) / 1000.0 / n);
        }
    }

    private final LoopbackEcho pair;
    private final Thread sampler;
    private final long intervalNanos;
    private volatile Snapshot latest = new Snapshot(0, 0, 0);
    private volatile boolean running = true;

    private RoundTripSampler(Duration interval) throws IOException {
        this.intervalNanos = interval.toNanos();
        pair = LoopbackEcho.open("round-trip-sampler-echo");
        sampler = new Thread(this::sample, "round-trip-sampler");
        sampler.setDaemon(true);
    }

    /** Starts sampling at once (the first burst right away), then every {@code interval}. */
    static RoundTripSampler start(Duration interval) throws IOException {
        RoundTripSampler s = new RoundTripSampler(interval);
        s.sampler.start();
        return s;
    }

    /** Everything measured so far; its counts only grow. */
    Snapshot snapshot() {
        return latest;
    }

    private void sample() {
        long roundTrips = 0;
        long wall = 0;
        long cpu = 0;
        try {
            while (running) {
                long due = System.nanoTime() + intervalNanos;
                pair.start();
                for (int i = 0; i < BURST; i++) {
                    pair.roundTrip();
                }
                long[] span = pair.end();
                roundTrips += BURST;
                wall += span[0];
                cpu += span[1];
                latest = new Snapshot(roundTrips, wall, cpu);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (IOException | InterruptedException stopped) {
            // closed: the snapshots taken so far stay valid
        }
    }

    /** Stops sampling and closes the connection; waits a moment for both threads to end. */
    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        pair.close();
        try {
            sampler.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether either thread still runs (for tests). */
    boolean alive() {
        return sampler.isAlive() || pair.alive();
    }
}
