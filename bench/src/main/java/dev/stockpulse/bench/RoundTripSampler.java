package dev.stockpulse.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

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
    private static final byte ROUND_TRIP = 1;
    private static final byte START = 3;
    private static final byte END = 4;

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

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ServerSocketChannel server;
    private final SocketChannel client;
    private final SocketChannel echo;
    private final Thread echoer;
    private final Thread sampler;
    private final long intervalNanos;
    /** The echo thread's CPU within bursts, summed. */
    private final AtomicLong echoCpu = new AtomicLong();
    private volatile Snapshot latest = new Snapshot(0, 0, 0);
    private volatile boolean running = true;

    private RoundTripSampler(Duration interval) throws IOException {
        this.intervalNanos = interval.toNanos();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(loopback, 0));
        client = SocketChannel.open(server.getLocalAddress());
        echo = server.accept();
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        echo.setOption(StandardSocketOptions.TCP_NODELAY, true);
        echoer = new Thread(this::echo, "round-trip-sampler-echo");
        sampler = new Thread(this::sample, "round-trip-sampler");
        echoer.setDaemon(true);
        sampler.setDaemon(true);
    }

    /** Starts sampling at once (the first burst right away), then every {@code interval}. */
    static RoundTripSampler start(Duration interval) throws IOException {
        RoundTripSampler s = new RoundTripSampler(interval);
        s.echoer.start();
        s.sampler.start();
        return s;
    }

    /** Everything measured so far; its counts only grow. */
    Snapshot snapshot() {
        return latest;
    }

    private void sample() {
        ByteBuffer out = ByteBuffer.allocateDirect(1);
        ByteBuffer in = ByteBuffer.allocateDirect(1);
        long roundTrips = 0;
        long wall = 0;
        long clientCpu = 0;
        try {
            while (running) {
                long due = System.nanoTime() + intervalNanos;
                MachineYardstick.roundTrip(client, out, in, START);
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < BURST; i++) {
                    MachineYardstick.roundTrip(client, out, in, ROUND_TRIP);
                }
                long t1 = System.nanoTime();
                long cpu1 = threads.getCurrentThreadCpuTime();
                // The echo thread adds its burst's CPU when it reads END, before it answers it.
                MachineYardstick.roundTrip(client, out, in, END);
                roundTrips += BURST;
                wall += t1 - t0;
                clientCpu += cpu1 - cpu0;
                latest = new Snapshot(roundTrips, wall, clientCpu + echoCpu.get());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (IOException | InterruptedException stopped) {
            // closed: the snapshots taken so far stay valid
        }
    }

    /** Answers every byte; between a START and an END it counts its own CPU. */
    private void echo() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1);
        long cpu0 = 0;
        try {
            while (true) {
                buffer.clear();
                if (echo.read(buffer) < 0) {
                    return;
                }
                byte mark = buffer.get(0);
                if (mark == START) {
                    cpu0 = threads.getCurrentThreadCpuTime();
                } else if (mark == END) {
                    echoCpu.addAndGet(threads.getCurrentThreadCpuTime() - cpu0);
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    echo.write(buffer);
                }
            }
        } catch (IOException closed) {
            // the sampler is closed
        }
    }

    /** Stops both threads and closes the connection; waits a moment for them to end. */
    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        for (AutoCloseable c : new AutoCloseable[] {client, echo, server}) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        try {
            sampler.join(2_000);
            echoer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether either thread still runs (for tests). */
    boolean alive() {
        return sampler.isAlive() || echoer.isAlive();
    }
}
