package dev.stockpulse.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * N real WebSocket clients (the JDK's {@code java.net.http.WebSocket}, a few selector threads), each with its own
 * user's token, subscribed to one channel. Every event frame is counted and its end-to-end latency (receive time minus
 * the send time the producer put into the payload) recorded; the frames are not parsed as JSON, only scanned for the
 * send time, so the clients cost as little CPU as possible on a machine they share with the gateway.
 * <p>
 * Not Vert.x's client: it drops a frame read in the same network read as the 101 answer, which is where the welcome
 * frame often arrives when many clients connect at once.
 */
final class WsClients implements AutoCloseable {

    private static final String WELCOME = "{\"type\":\"welcome\"";
    private static final String MARKER = new String(EventLoad.MARKER, java.nio.charset.StandardCharsets.US_ASCII);
    /** Latencies up to 10 minutes, in microseconds, 3 significant digits. */
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

    /** One HttpClient per selector thread; its listeners run on that thread (no hand-off per frame). */
    private final List<HttpClient> httpClients;
    private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
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

    WsClients(int selectorThreads) {
        this.httpClients = java.util.stream.IntStream.range(0, Math.max(1, selectorThreads))
                .mapToObj(i -> HttpClient.newBuilder().executor(Runnable::run).connectTimeout(Duration.ofSeconds(30))
                        .build())
                .toList();
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
        URI uri = URI.create("ws://localhost:" + port + path);
        Runnable[] connectNext = new Runnable[1];
        connectNext[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= tokens.size()) {
                return;
            }
            httpClients.get(i % httpClients.size()).newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + tokens.get(i))
                    .buildAsync(uri, new Client(done))
                    .whenComplete((ws, error) -> {
                        if (error != null) {
                            failedConnects.incrementAndGet();
                            if (firstFailure == null) {
                                firstFailure = String.valueOf(error);
                            }
                            done.countDown();
                        } else {
                            sockets.add(ws);
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

    /** One connection: counts its welcome, then records every event frame. Called on one selector thread at a time. */
    private final class Client implements WebSocket.Listener {
        private final CountDownLatch welcome;
        private boolean greeted;
        private StringBuilder partial;

        Client(CountDownLatch welcome) {
            this.welcome = welcome;
        }

        @Override
        public void onOpen(WebSocket ws) {
            open.incrementAndGet();
            ws.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (!last || partial != null) {
                if (partial == null) {
                    partial = new StringBuilder();
                }
                partial.append(data);
                if (!last) {
                    return null;
                }
                data = partial;
                partial = null;
            }
            if (!greeted && startsWith(data, WELCOME)) {
                greeted = true;
                welcomed.incrementAndGet();
                welcome.countDown();
                return null;
            }
            onFrame(data);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (firstFailure == null) {
                firstFailure = String.valueOf(error);
            }
            closed(-1);
        }

        private void closed(int code) {
            open.decrementAndGet();
            closesByCode.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
            if (!greeted) {
                greeted = true;
                welcome.countDown();
            }
        }
    }

    private void onFrame(CharSequence data) {
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
    static long sendMicros(CharSequence data) {
        int at = indexOf(data, MARKER);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        int digits = 0;
        for (int j = at + MARKER.length(); j < data.length(); j++) {
            char c = data.charAt(j);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            digits++;
        }
        return digits > 0 ? value : -1;
    }

    private static int indexOf(CharSequence data, String needle) {
        int end = data.length() - needle.length();
        char first = needle.charAt(0);
        outer:
        for (int i = 0; i <= end; i++) {
            if (data.charAt(i) != first) {
                continue;
            }
            for (int k = 1; k < needle.length(); k++) {
                if (data.charAt(i + k) != needle.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean startsWith(CharSequence data, String prefix) {
        if (data.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data.charAt(i) != prefix.charAt(i)) {
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
        sockets.forEach(WebSocket::abort);
        httpClients.forEach(client -> {
            if (client instanceof AutoCloseable closeable) { // HttpClient is AutoCloseable from Java 21 on
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // closing anyway
                }
            }
        });
    }
}
