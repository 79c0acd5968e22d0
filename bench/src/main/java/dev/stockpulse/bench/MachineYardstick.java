package dev.stockpulse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * How fast this machine is right now, measured in about a second before a bench starts anything, so that figures from
 * different machines and hours can be read together. Machines of the same kind are not equally fast: the end-to-end
 * bench's pgbench did 3,550–3,680 transactions/s on one and 1,690–2,640/s on another two hours later, with the same
 * CPU model and code. The model name and the core count cannot show that; these two figures can:
 * <ul>
 * <li><b>a loopback round trip</b>: one byte each way over a TCP connection on 127.0.0.1 between two threads of this
 * JVM (TCP_NODELAY, blocking). Two writes, two reads and two wake-ups, which is what every hop of the services' work
 * is made of (an SQL statement, a Kafka request, a WebSocket frame). Its p50 and its CPU (both threads) per round
 * trip;</li>
 * <li><b>a compute step</b>: one xorshift step of a 64-bit value, a chain of dependent register operations with no
 * memory or system call: what the cores alone do.</li>
 * </ul>
 * When the round trip is slow and the compute step is not, system calls and wake-ups cost more than usual (a busier
 * host, a virtualisation layer that traps them), and every figure of a bench that is made of them moves with it.
 */
final class MachineYardstick {

    /** Round trips before the measured ones: the loop compiled, the connection's buffers in place. */
    private static final int WARMUP_ROUND_TRIPS = 2_000;
    private static final int MAX_ROUND_TRIPS = 50_000;
    private static final long COMPUTE_STEPS = 50_000_000L;

    /**
     * One reading: p50 and mean of a loopback round trip in µs, CPU of both threads per round trip in µs, how many
     * round trips were measured, and ns per xorshift step.
     */
    record Reading(double roundTripP50Micros, double roundTripMeanMicros, double roundTripCpuMicros, int roundTrips,
            double computeNanos) {

        @Override
        public String toString() {
            return String.format("loopback TCP round trip p50 %.1f µs (mean %.1f µs, %.1f µs of CPU each,"
                    + " %d measured); compute %.2f ns per xorshift step", roundTripP50Micros, roundTripMeanMicros,
                    roundTripCpuMicros, roundTrips, computeNanos);
        }
    }

    private static volatile Reading first;

    private MachineYardstick() {
    }

    /** Prints three readings: how fast the machine is now, before choosing whether to run a bench on it. */
    public static void main(String[] args) {
        for (int i = 0; i < 3; i++) {
            System.out.println(measure(Duration.ofMillis(500)));
        }
    }

    /**
     * The reading taken the first time this is called in this JVM (benches call it at their start, before anything
     * else runs), so that the start and the summary of one run show the same conditions.
     */
    static Reading atStart() {
        Reading r = first;
        if (r == null) {
            synchronized (MachineYardstick.class) {
                r = first;
                if (r == null) {
                    r = measure(Duration.ofMillis(500));
                    first = r;
                }
            }
        }
        return r;
    }

    /** Measures now: round trips for at most {@code roundTripBudget} (and {@value #MAX_ROUND_TRIPS}), then compute. */
    static Reading measure(Duration roundTripBudget) {
        try {
            long[] trips = roundTrips(roundTripBudget);
            return new Reading(trips[0] / 1000.0, trips[1] / 1000.0, trips[2] / 1000.0, (int) trips[3],
                    computeNanos());
        } catch (IOException e) {
            throw new UncheckedIOException("the loopback round trip could not be measured", e);
        }
    }

    /** p50 ns, mean ns, CPU ns per round trip, round trips measured. */
    private static long[] roundTrips(Duration budget) throws IOException {
        try (LoopbackEcho pair = LoopbackEcho.open("yardstick-echo")) {
            for (int i = 0; i < WARMUP_ROUND_TRIPS; i++) {
                pair.roundTrip();
            }
            long[] nanos = new long[MAX_ROUND_TRIPS];
            int n = 0;
            pair.start();
            long t = System.nanoTime();
            long end = t + budget.toNanos();
            while (n == 0 || n < MAX_ROUND_TRIPS && t < end) {
                pair.roundTrip();
                long now = System.nanoTime();
                nanos[n++] = now - t;
                t = now;
            }
            long[] span = pair.end();
            long[] measured = Arrays.copyOf(nanos, n);
            Arrays.sort(measured);
            return new long[] {measured[n / 2], span[0] / n, span[1] / n, n};
        }
    }

    /**
     * Whether the kernel isolates its page tables from user space (the Meltdown mitigation), and whether the CPU lets
     * it keep the TLB across the switch (PCID); empty where that cannot be read. Without PCID every system call and
     * interrupt flushes the process's TLB entries on its way back, so each one costs far more than its own work, and a
     * process that makes many (every service here) pays it on each.
     */
    static String pageTableIsolation() {
        try {
            String meltdown = Files.readString(Path.of("/sys/devices/system/cpu/vulnerabilities/meltdown")).strip();
            String flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("flags")).findFirst().orElse("");
            return pageTableIsolation(meltdown, flags);
        } catch (IOException | RuntimeException notLinux) {
            return "";
        }
    }

    /** {@link #pageTableIsolation()} from the kernel's Meltdown status and a {@code /proc/cpuinfo} flags line. */
    static String pageTableIsolation(String meltdownStatus, String cpuFlags) {
        if (!meltdownStatus.contains("PTI")) {
            return "no kernel page-table isolation";
        }
        boolean pcid = Arrays.asList(cpuFlags.split("\\s+")).contains("pcid");
        return pcid ? "kernel page-table isolation with PCID"
                : "kernel page-table isolation without PCID (each system call flushes the TLB)";
    }

    /** ns per xorshift step, after a first pass that lets the JIT compile the loop. */
    private static double computeNanos() {
        long x = xorshift(System.nanoTime() | 1, COMPUTE_STEPS / 10);
        long start = System.nanoTime();
        x = xorshift(x, COMPUTE_STEPS);
        long elapsed = System.nanoTime() - start;
        if (x == 0) {
            // never true for a non-zero seed; keeps the loop's result alive so that it cannot be removed
            throw new IllegalStateException("xorshift reached 0");
        }
        return (double) elapsed / COMPUTE_STEPS;
    }

    static long xorshift(long seed, long steps) {
        long x = seed;
        for (long i = 0; i < steps; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
