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
import java.util.concurrent.atomic.AtomicLong;

/**
 * One TCP connection on 127.0.0.1 (TCP_NODELAY) between the thread that uses it and an echo thread that answers each
 * byte with it: a round trip is two writes, two reads and two wake-ups. Between {@link #start()} and {@link #end()} it
 * measures the wall time and the CPU of both threads. Used by one thread at a time.
 */
final class LoopbackEcho implements AutoCloseable {

    private static final byte ROUND_TRIP = 1;
    private static final byte START = 3;
    private static final byte END = 4;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ServerSocketChannel server;
    private final SocketChannel client;
    private final SocketChannel echo;
    private final Thread echoer;
    private final ByteBuffer out = ByteBuffer.allocateDirect(1);
    private final ByteBuffer in = ByteBuffer.allocateDirect(1);
    /** The echo thread's CPU between a START and an END, summed; it adds a span when it reads the END. */
    private final AtomicLong echoCpu = new AtomicLong();
    private long startNanos;
    private long startCpu;
    private long startEchoCpu;

    private LoopbackEcho(String name) throws IOException {
        server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            client = SocketChannel.open(server.getLocalAddress());
            echo = server.accept();
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            echo.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        echoer = new Thread(this::echo, name);
        echoer.setDaemon(true);
        echoer.start();
    }

    /** Connects the two sides and starts the echo thread, named {@code name}. */
    static LoopbackEcho open(String name) throws IOException {
        return new LoopbackEcho(name);
    }

    /** One byte there and the answer back. */
    void roundTrip() throws IOException {
        roundTrip(ROUND_TRIP);
    }

    /** Starts a span: the round trips from here to {@link #end()} are measured. */
    void start() throws IOException {
        roundTrip(START);
        startEchoCpu = echoCpu.get();
        startCpu = threads.getCurrentThreadCpuTime();
        startNanos = System.nanoTime();
    }

    /** Ends the span: {wall ns, CPU ns of both threads} since {@link #start()}. */
    long[] end() throws IOException {
        long wall = System.nanoTime() - startNanos;
        long cpu = threads.getCurrentThreadCpuTime() - startCpu;
        roundTrip(END);
        return new long[] {wall, cpu + echoCpu.get() - startEchoCpu};
    }

    private void roundTrip(byte mark) throws IOException {
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
            // the connection was closed: nothing more to answer
        }
    }

    /** Closes the connection, which ends the echo thread; waits a moment for it. */
    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {client, echo, server}) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        try {
            echoer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the echo thread still runs (for tests). */
    boolean alive() {
        return echoer.isAlive();
    }
}
