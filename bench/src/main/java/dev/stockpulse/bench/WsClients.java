package dev.stockpulse.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * N real WebSocket clients (Vert.x, a few event loops), each with its own user's token, subscribed to one channel.
 * Every event frame is counted and its end-to-end latency (receive time minus the send time the producer put into
 * the payload) recorded; the frames are not parsed as JSON, only scanned for the send time, so the clients cost as
 * little CPU as possible on a machine they share with the gateway.
 */
final class WsClients implements AutoCloseable {

    private static final byte[] WELCOME = "{\"type\":\"welcome\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Latencies up to 10 minutes, in microseconds, 3 significant digits. */
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Vertx vertx;
    private final WebSocketClient client;
    private final List<WebSocket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Recorder latency = new Recorder(MAX_LATENCY_MICROS, 3);
    private final LongAdder frames = new LongAdder();
    private final LongAdder otherFrames = new LongAdder();
    private final LongAdder frameBytes = new LongAdder();
    private final LongAccumulator lastFrameNanos = new LongAccumulator(Math::max, 0);
    private final AtomicInteger welcomed = new AtomicInteger();
    private final AtomicInteger failedConnects = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<Integer, AtomicInteger> closesByCode = new ConcurrentHashMap<>();
    private volatile String firstFailure;

    WsClients(int eventLoops, int maxConnections) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1).setBlockedThreadCheckInterval(60_000));
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(maxConnections)
                .setConnectTimeout(30_000)
                .setIdleTimeout(0)
                .setTryUsePerMessageCompression(false)
                .setTryUsePerFrameCompression(false)
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20));
    }

    /**
     * Opens one connection per token, at most {@code concurrency} handshakes at a time, and waits until every
     * connection that opened has received its welcome frame.
     *
     * @return connections welcomed
     */
    int connect(int port, String path, List<String> tokens, int concurrency, long timeoutMillis)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(tokens.size());
        AtomicInteger next = new AtomicInteger();
        Runnable[] connectNext = new Runnable[1];
        connectNext[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= tokens.size()) {
                return;
            }
            WebSocketConnectOptions options = new WebSocketConnectOptions()
                    .setHost("localhost").setPort(port).setURI(path).setTimeout(30_000)
                    .addHeader("Authorization", "Bearer " + tokens.get(i));
            client.connect(options).onComplete(result -> {
                if (result.succeeded()) {
                    attach(result.result(), done);
                } else {
                    failedConnects.incrementAndGet();
                    if (firstFailure == null) {
                        firstFailure = String.valueOf(result.cause());
                    }
                    done.countDown();
                }
                connectNext[0].run();
            });
        };
        for (int i = 0; i < Math.min(concurrency, tokens.size()); i++) {
            connectNext[0].run();
        }
        if (!done.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            System.out.printf("  (only %d of %d clients welcomed within %d s)%n", welcomed.get(), tokens.size(),
                    timeoutMillis / 1000);
        }
        return welcomed.get();
    }

    private void attach(WebSocket ws, CountDownLatch welcome) {
        sockets.add(ws);
        open.incrementAndGet();
        boolean[] greeted = {false};
        ws.handler(data -> {
            if (!greeted[0] && startsWith(data, WELCOME)) {
                greeted[0] = true;
                welcomed.incrementAndGet();
                welcome.countDown();
                return;
            }
            onFrame(data);
        });
        ws.closeHandler(v -> {
            open.decrementAndGet();
            Short code = ws.closeStatusCode();
            closesByCode.computeIfAbsent(code == null ? -1 : (int) code, c -> new AtomicInteger()).incrementAndGet();
            if (!greeted[0]) {
                greeted[0] = true;
                welcome.countDown();
            }
        });
        ws.exceptionHandler(error -> {
            if (firstFailure == null) {
                firstFailure = String.valueOf(error);
            }
        });
    }

    private void onFrame(Buffer data) {
        long nowNanos = System.nanoTime();
        long sent = sendMicros(data);
        if (sent < 0) {
            otherFrames.increment();
            return;
        }
        long latencyMicros = Math.max(0, BenchClock.micros() - sent);
        latency.recordValue(Math.min(latencyMicros, MAX_LATENCY_MICROS));
        frames.increment();
        frameBytes.add(data.length());
        lastFrameNanos.accumulate(nowNanos);
    }

    /** The digits after {@link EventLoad#MARKER}, or -1 when the frame carries none. */
    static long sendMicros(Buffer data) {
        ByteBuf buf = data.getByteBuf();
        int start = buf.readerIndex();
        int end = buf.writerIndex() - EventLoad.MARKER.length;
        byte first = EventLoad.MARKER[0];
        outer:
        for (int i = start; i <= end; i++) {
            if (buf.getByte(i) != first) {
                continue;
            }
            for (int k = 1; k < EventLoad.MARKER.length; k++) {
                if (buf.getByte(i + k) != EventLoad.MARKER[k]) {
                    continue outer;
                }
            }
            long value = 0;
            int digits = 0;
            for (int j = i + EventLoad.MARKER.length; j < buf.writerIndex(); j++) {
                byte b = buf.getByte(j);
                if (b < '0' || b > '9') {
                    break;
                }
                value = value * 10 + (b - '0');
                digits++;
            }
            return digits > 0 ? value : -1;
        }
        return -1;
    }

    private static boolean startsWith(Buffer data, byte[] prefix) {
        if (data.length() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data.getByte(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Event frames received so far. */
    long frames() {
        return frames.sum();
    }

    long frameBytes() {
        return frameBytes.sum();
    }

    long otherFrames() {
        return otherFrames.sum();
    }

    /** nanoTime of the last event frame received. */
    long lastFrameNanos() {
        return lastFrameNanos.get();
    }

    /** Latencies recorded since the previous call (in microseconds); the next interval starts empty. */
    Histogram takeLatencies() {
        return latency.getIntervalHistogram();
    }

    int open() {
        return open.get();
    }

    int failedConnects() {
        return failedConnects.get();
    }

    String firstFailure() {
        return firstFailure;
    }

    /** Close codes of connections that were closed, e.g. {4008=3}. */
    Map<Integer, Integer> closes() {
        Map<Integer, Integer> copy = new java.util.TreeMap<>();
        closesByCode.forEach((code, count) -> copy.put(code, count.get()));
        return copy;
    }

    @Override
    public void close() {
        CountDownLatch closed = new CountDownLatch(1);
        vertx.close().onComplete(r -> closed.countDown());
        try {
            closed.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
