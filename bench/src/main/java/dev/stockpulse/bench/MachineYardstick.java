package dev.stockpulse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

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
    private static final byte WARMING_UP = 1;
    private static final byte MEASURED = 2;

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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the machine", e);
        }
    }

    /** p50 ns, mean ns, CPU ns per round trip, round trips measured. */
    private static long[] roundTrips(Duration budget) throws IOException, InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(loopback, 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                    SocketChannel echo = server.accept()) {
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                echo.setOption(StandardSocketOptions.TCP_NODELAY, true);
                AtomicLong echoCpu = new AtomicLong();
                Thread echoer = new Thread(() -> echo(echo, threads, echoCpu), "yardstick-echo");
                echoer.setDaemon(true);
                echoer.start();
                ByteBuffer out = ByteBuffer.allocateDirect(1);
                ByteBuffer in = ByteBuffer.allocateDirect(1);
                for (int i = 0; i < WARMUP_ROUND_TRIPS; i++) {
                    roundTrip(client, out, in, WARMING_UP);
                }
                long[] nanos = new long[MAX_ROUND_TRIPS];
                int n = 0;
                long cpu0 = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                long end = start + budget.toNanos();
                long t = start;
                while (n == 0 || n < MAX_ROUND_TRIPS && t < end) {
                    roundTrip(client, out, in, MEASURED);
                    long now = System.nanoTime();
                    nanos[n++] = now - t;
                    t = now;
                }
                long clientCpu = threads.getCurrentThreadCpuTime() - cpu0;
                client.shutdownOutput();
                echoer.join(5_000);
                long total = t - start;
                long[] measured = Arrays.copyOf(nanos, n);
                Arrays.sort(measured);
                return new long[] {measured[n / 2], total / n, (clientCpu + echoCpu.get()) / n, n};
            }
        }
    }

    /** Sends one byte and waits for the one that answers it. */
    static void roundTrip(SocketChannel client, ByteBuffer out, ByteBuffer in, byte mark) throws IOException {
        out.clear().put(mark).flip();
        while (out.hasRemaining()) {
            client.write(out);
        }
        in.clear();
        while (in.position() == 0) {
            if (client.read(in) < 0) {
                throw new IOException("the echo side closed");
            }
        }
    }

    /**
     * Answers each byte with a byte until the other side shuts its output, and records its own thread's CPU from the
     * first measured round trip on.
     */
    private static void echo(SocketChannel channel, ThreadMXBean threads, AtomicLong cpu) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        boolean measuring = false;
        ByteBuffer buffer = ByteBuffer.allocateDirect(1);
        try {
            while (true) {
                buffer.clear();
                if (channel.read(buffer) < 0) {
                    break;
                }
                if (!measuring && buffer.get(0) == MEASURED) {
                    measuring = true;
                    cpu0 = threads.getCurrentThreadCpuTime();
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException closed) {
            // the measuring side is gone: nothing more to answer
        } finally {
            cpu.set(threads.getCurrentThreadCpuTime() - cpu0);
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
