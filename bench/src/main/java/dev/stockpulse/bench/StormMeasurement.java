package dev.stockpulse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * {@code GatewayBench --mode=storm}: connection storms (issue 20). Every client connects at once (the wall time until
 * every welcome, the time of each connect, the gateway's CPU); then {@code --storm-events} events are delivered live.
 * {@code --storm-warm-reconnects} times, every client then drops its connection, as many events are produced while
 * they are away, and all reconnect at once with {@code ?since=} to the same gateway, which is running and warm: what
 * an instance of a fleet does with the clients of another that failed, and the best a restarted one could do. Then the
 * gateway is stopped (SIGTERM), as many events are produced while it is down, it is started again from its jar, and as
 * soon as it is ready every client reconnects at once with {@code ?since=} the position of the last frame it received;
 * during each reconnect {@code --storm-events} more events are produced live. Every event frame of every client is
 * matched to the event it carries ({@code event_id}), so each client's missing and duplicated events are counted, and
 * the time of its first replayed frame is taken from the reconnect's reference (the restarted gateway's readiness, or
 * the warm reconnect's start) and from the client's own reconnect.
 */
final class StormMeasurement {

    static final double TARGET_CONNECT_MILLIS = 1000;
    static final double TARGET_FIRST_REPLAY_P99_MILLIS = 1000;

    private static final byte[] WELCOME = "{\"type\":\"welcome\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "{\"type\":\"event\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECOVERY = "{\"type\":\"recovery\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RECOVERED = "\"recovered\":true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] POSITION = "\"position\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_ID = "\"event_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final long CONNECT_TIMEOUT_MILLIS = 120_000;
    /** A reconnect's times counted from the moment its clients begin to connect (after a JFR recording started). */
    private static final long FROM_ITS_START = Long.MIN_VALUE;

    /** The gateway process, which the storm stops and starts again. */
    interface Gateway {
        /** Stops it as Kubernetes does (SIGTERM; its clients are told 1001) and waits until it exited. */
        void stop() throws IOException;

        /** Starts it again from its jar on the same port; returns once it is ready (its buffers rebuilt). */
        GatewayProbe start();
    }

    /**
     * What a storm measured; times in milliseconds. {@code warm} holds each warm reconnect, in order.
     */
    record Result(int clients, int welcomed, double connectWallMillis, double connectP50, double connectP99,
            double connectMax, double connectCpuSeconds, int events, List<Reconnect> warm, double restartSeconds,
            Reconnect restart, long blockedWarnings, String loadBefore, String loadAfter) {
    }

    /**
     * One reconnect storm with {@code since}; times in milliseconds from its reference: the restarted gateway's
     * readiness, or the moment a warm reconnect began. A client's first replayed frame is the first event frame of its
     * new connection, which must be one it missed. Missing events count every event produced so far; duplicates and
     * frames of unknown events, those since the previous reconnect was counted.
     */
    record Reconnect(int reconnected, int recovered, int clientsMissingEvents, long missing, long duplicates,
            long unknownFrames, int firstNotReplayed, double firstWelcomeMillis, double lastWelcomeMillis,
            double replayP50, double replayP99, double replayMax, double replayP50FromStart,
            double replayP99FromStart, double cpuSeconds) {

        /** Every client back, told recovered, with every event once, and a missed one first. */
        boolean allRecovered(int clients) {
            return reconnected == clients && recovered == clients && missing == 0 && duplicates == 0
                    && unknownFrames == 0 && firstNotReplayed == 0;
        }
    }

    private final BenchOptions o;
    private final Gateway gateway;
    private final WsClients clients;
    private final EventLoad load;
    private final int port;
    private final List<String> tokens;
    private final Client[] states;
    /** {@code event_id} to its index in sending order. */
    private final Map<String, Integer> eventIndex = new ConcurrentHashMap<>();
    private final AtomicInteger produced = new AtomicInteger();
    private final Path logDir;
    private GatewayProbe probe;
    /** Events with a smaller index were produced before the reconnect: a reconnecting client gets them replayed. */
    private volatile int replayedBelow = Integer.MAX_VALUE;

    StormMeasurement(BenchOptions options, Gateway gateway, GatewayProbe probe, WsClients clients, EventLoad load,
            int port, List<String> tokens) {
        this.o = options;
        this.gateway = gateway;
        this.probe = probe;
        this.clients = clients;
        this.load = load;
        this.port = port;
        this.tokens = tokens;
        this.states = new Client[tokens.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new Client();
        }
        this.logDir = o.root.resolve("bench/target/bench-logs");
        load.onSent(id -> eventIndex.put(id, produced.getAndIncrement()));
    }

    Result run() throws Exception {
        int n = states.length;
        String loadBefore = loadAverage();
        double rate = o.rates.get(0) > 0 ? o.rates.get(0) : 40;

        // -- 0. storms opened and closed again, so that the measured one runs JIT-compiled code (--storm-warmup)
        for (int round = 1; round <= o.stormWarmup; round++) {
            long w0 = System.nanoTime();
            long wcpu0 = probe.cpuNanos();
            try (WsClients warm = new WsClients(o.clientLoops, o.dialect)) {
                int w = warm.connect(port, o.dialect.path("stock"), tokens, o.connectConcurrency,
                        CONNECT_TIMEOUT_MILLIS);
                GatewayBench.say(String.format("warm-up storm %d: %d clients welcomed in %.0f ms, gateway CPU %.2f s",
                        round, w, (System.nanoTime() - w0) / 1e6, (probe.cpuNanos() - wcpu0) / 1e9));
            }
            awaitNoConnections();
        }

        // -- 1. the connect storm; its clients are dropped again for the warm reconnect
        GatewayBench.say("connect storm: " + n + " clients, " + o.connectConcurrency + " handshakes at once; load "
                + loadBefore);
        if (o.jfr) {
            probe.startRecording("storm-connect");
        }
        WsClients first = o.stormWarmReconnects > 0 ? new WsClients(o.clientLoops, o.dialect) : clients;
        Map<String, Long> threads0 = probe.cpuNanosByThread();
        long cpu0 = probe.cpuNanos();
        long t0 = System.nanoTime();
        first.connect(port, Collections.nCopies(n, o.dialect.path("stock")), tokens, o.connectConcurrency,
                CONNECT_TIMEOUT_MILLIS, new Tap());
        long cpu1 = probe.cpuNanos();
        String connectThreads = GatewayBench.topThreads(threads0, probe.cpuNanosByThread(), 6);
        if (o.jfr) {
            probe.stopRecording("storm-connect", logDir.resolve("storm-connect.jfr"));
        }
        long[] connects = durations(c -> c.welcomeNanos > 0 ? c.welcomeNanos - c.startNanos : -1);
        int welcomed = connects.length;
        long lastWelcome = Arrays.stream(states).mapToLong(c -> c.welcomeNanos).max().orElse(t0);
        double connectWall = (lastWelcome - t0) / 1e6;
        GatewayBench.say(String.format("%d of %d clients welcomed in %.0f ms; one connect p50 %.0f ms, p99 %.0f ms,"
                + " max %.0f ms; gateway CPU %.2f s (%.0f µs per connect; by thread: %s)%s; load %s", welcomed, n,
                connectWall, pct(connects, 50), pct(connects, 99), pct(connects, 100), (cpu1 - cpu0) / 1e9,
                welcomed > 0 ? (cpu1 - cpu0) / 1e3 / welcomed : Double.NaN, connectThreads,
                first.failedConnects() > 0 ? "; " + first.failedConnects() + " failed, first: "
                        + first.firstFailure() : "", loadAverage()));
        if (welcomed == 0) {
            throw new IllegalStateException("no client could connect");
        }

        // -- 2. live events
        load.run(rate, EventLoad.secondsToNanos(o.stormEvents / rate + 30), o.stormEvents);
        awaitEvents("live");

        // -- 3. every client drops its connection, events go on, all come back to the same, warm gateway; the last
        // such reconnect goes through `clients`, which the restart's reconnect uses again
        List<Reconnect> warm = new ArrayList<>();
        WsClients holding = first;
        for (int round = 1; round <= o.stormWarmReconnects; round++) {
            holding.close();
            awaitNoConnections();
            load.run(0, EventLoad.secondsToNanos(60), o.stormEvents);
            replayedBelow = produced.get();
            GatewayBench.say("every client dropped its connection; " + o.stormEvents + " events produced while they"
                    + " were away; all reconnect at once to the same gateway (warm reconnect " + round + ")");
            holding = round == o.stormWarmReconnects ? clients : new WsClients(o.clientLoops, o.dialect);
            warm.add(reconnect(holding, "warm-reconnect-" + round, rate, FROM_ITS_START));
        }

        // -- 4. the gateway goes away; events go on
        long s0 = System.nanoTime();
        gateway.stop();
        GatewayBench.say(String.format("gateway stopped in %.1f s", (System.nanoTime() - s0) / 1e9));
        awaitClosed();
        load.run(0, EventLoad.secondsToNanos(60), o.stormEvents);
        replayedBelow = produced.get();
        GatewayBench.say(produced.get() + " events produced so far, the last " + o.stormEvents
                + " while the gateway was down");
        long s1 = System.nanoTime();
        probe = gateway.start();
        long ready = System.nanoTime();
        double restartSeconds = (ready - s1) / 1e9;
        GatewayBench.say(String.format("gateway started again (pid %d), ready after %.1f s; load %s", probe.pid(),
                restartSeconds, loadAverage()));

        // -- 5. the reconnect storm after the restart, with live events meanwhile
        Reconnect restart = reconnect(clients, "reconnect", rate, ready);
        Result result = new Result(n, welcomed, connectWall, pct(connects, 50), pct(connects, 99),
                pct(connects, 100), (cpu1 - cpu0) / 1e9, produced.get(), warm, restartSeconds, restart,
                blockedWarnings(), loadBefore, loadAverage());
        GatewayBench.say(summary(result));
        return result;
    }

    /**
     * Every client reconnects at once through {@code via} with {@code since=} its last position, while
     * {@code --storm-events} events are produced live; measured until every client has every event.
     *
     * @param from the moment the reconnect's times are counted from, or {@link #FROM_ITS_START}
     */
    private Reconnect reconnect(WsClients via, String name, double rate, long from) throws InterruptedException {
        if (o.jfr) {
            probe.startRecording("storm-" + name);
        }
        long reference = from == FROM_ITS_START ? System.nanoTime() : from;
        Map<String, Long> threads0 = probe.cpuNanosByThread();
        long cpu0 = probe.cpuNanos();
        List<String> paths = new ArrayList<>(states.length);
        for (Client c : states) {
            synchronized (c) {
                paths.add(o.dialect.path("stock") + (c.position == null ? ""
                        : "&since=" + URLEncoder.encode(c.position, StandardCharsets.US_ASCII)));
            }
        }
        Thread liveEvents = new Thread(() -> load.run(rate, EventLoad.secondsToNanos(o.stormEvents / rate + 30),
                o.stormEvents), "storm-live-events");
        liveEvents.start();
        via.connect(port, paths, tokens, o.connectConcurrency, CONNECT_TIMEOUT_MILLIS, new Tap());
        liveEvents.join(EventLoad.secondsToNanos(o.stormEvents / rate + 60) / 1_000_000);
        awaitEvents(name);
        long cpu1 = probe.cpuNanos();
        GatewayBench.say("gateway CPU by thread from the " + name + "'s reference until every client had every event: "
                + GatewayBench.topThreads(threads0, probe.cpuNanosByThread(), 6) + "; its log: "
                + logDir.resolve("realtime-gateway.log") + " (event loops blocked: " + blockedWarnings() + ")");
        if (o.jfr) {
            probe.stopRecording("storm-" + name, logDir.resolve("storm-" + name + ".jfr"));
        }
        int total = produced.get();
        long[] fromReference = durations(c -> c.firstEventReplayed ? c.firstEventNanos - reference : -1);
        long[] fromStart = durations(c -> c.firstEventReplayed ? c.firstEventNanos - c.startNanos : -1);
        int reconnected = 0;
        int recovered = 0;
        int clientsMissing = 0;
        int firstNotReplayed = 0;
        long missing = 0;
        long duplicates = 0;
        long unknown = 0;
        long lastWelcome = reference;
        long firstWelcome = Long.MAX_VALUE;
        for (Client c : states) {
            synchronized (c) {
                if (c.welcomeNanos > 0) {
                    reconnected++;
                    lastWelcome = Math.max(lastWelcome, c.welcomeNanos);
                    firstWelcome = Math.min(firstWelcome, c.welcomeNanos);
                }
                if (c.recovered) {
                    recovered++;
                }
                if (c.firstEventNanos > 0 && !c.firstEventReplayed) {
                    firstNotReplayed++;
                }
                int lacking = total - c.seen.cardinality();
                missing += lacking;
                clientsMissing += lacking > 0 ? 1 : 0;
                duplicates += c.duplicates;
                unknown += c.unknown;
                c.duplicates = 0;
                c.unknown = 0;
            }
        }
        return new Reconnect(reconnected, recovered, clientsMissing, missing, duplicates, unknown, firstNotReplayed,
                firstWelcome == Long.MAX_VALUE ? Double.NaN : (firstWelcome - reference) / 1e6,
                (lastWelcome - reference) / 1e6, pct(fromReference, 50), pct(fromReference, 99),
                pct(fromReference, 100), pct(fromStart, 50), pct(fromStart, 99), (cpu1 - cpu0) / 1e9);
    }

    /** Until every client has every event produced so far, or none arrived for the drain timeout. */
    private void awaitEvents(String phase) {
        int expected = produced.get();
        long lastProgress = System.nanoTime();
        long lastCount = -1;
        long hardDeadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < hardDeadline) {
            long have = 0;
            for (Client c : states) {
                synchronized (c) {
                    have += c.seen.cardinality();
                }
            }
            if (have >= (long) expected * states.length) {
                GatewayBench.say("every client has all " + expected + " events (" + phase + ")");
                return;
            }
            if (have != lastCount) {
                lastCount = have;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > o.drainTimeout.toNanos()) {
                GatewayBench.say("  (stopped waiting " + phase + ": " + have + " of " + (long) expected * states.length
                        + " event frames, nothing new for " + o.drainTimeout.toSeconds() + " s)");
                return;
            }
            GatewayProbe.sleep(50);
        }
    }

    /** How often the restarted gateway's log says Vert.x found an event loop blocked (the first connects' work). */
    private long blockedWarnings() {
        try (var lines = Files.lines(logDir.resolve("realtime-gateway.log"))) {
            return lines.filter(l -> l.contains("BlockedThreadChecker")).count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** The gateway has let go of a warm-up storm's connections (it learns of each close asynchronously). */
    private void awaitNoConnections() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (GatewayProbe.sum(probe.metrics(), "gateway_connections", null) > 0 && System.nanoTime() < deadline) {
            GatewayProbe.sleep(200);
        }
    }

    /** The clients have seen their connections end (the stopped gateway closed them with 1001). */
    private void awaitClosed() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (clients.open() > 0 && System.nanoTime() < deadline) {
            GatewayProbe.sleep(50);
        }
        GatewayBench.say("client connections closed, by close code: " + clients.closes() + "; still open: "
                + clients.open());
    }

    private long[] durations(ToLongFunction<Client> f) {
        return Arrays.stream(states).mapToLong(c -> {
            synchronized (c) {
                return f.applyAsLong(c);
            }
        }).filter(d -> d >= 0).sorted().toArray();
    }

    /** The nearest-rank percentile of sorted nanoseconds, in milliseconds; NaN when there are none. */
    static double pct(long[] sortedNanos, double percentile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }

    String summary(Result r) {
        StringBuilder s = new StringBuilder();
        s.append("\n==== realtime-gateway connection storms, dialect ").append(o.dialect.option()).append(" — ")
                .append(Instant.now()).append(" ====\n");
        s.append("machine: ").append(GatewayBench.Machine.describe()).append("; load average ").append(r.loadBefore())
                .append(" before, ").append(r.loadAfter()).append(" after\n");
        s.append(String.format("connect: %d of %d clients welcomed in %.0f ms (%d handshakes at once); one connect"
                + " p50 %.0f ms, p99 %.0f ms, max %.0f ms; gateway CPU %.2f s (%.0f µs per connect)%n", r.welcomed(),
                r.clients(), r.connectWallMillis(), o.connectConcurrency, r.connectP50(), r.connectP99(),
                r.connectMax(), r.connectCpuSeconds(), r.connectCpuSeconds() * 1e6 / Math.max(1, r.welcomed())));
        String away = switch (r.warm().size()) {
            case 0 -> "";
            case 1 -> " while the clients were away and live during their reconnect;";
            default -> " while the clients were away and live during their reconnect, " + r.warm().size() + " times;";
        };
        s.append(String.format("events: %d in all, %d in each phase (live after the connect storm;%s while the"
                + " gateway was down, live during the reconnect after the restart)%n", r.events(), o.stormEvents,
                away));
        for (int i = 0; i < r.warm().size(); i++) {
            s.append("warm reconnect ").append(i + 1).append(" with since (every client dropped its connection and came"
                    + " back to the same running gateway, as to another instance of a fleet; times from its start): ")
                    .append(describe(r.warm().get(i), r.clients(), "its start")).append('\n');
        }
        s.append(String.format("restart: the new gateway was ready %.1f s after its start%n", r.restartSeconds()));
        s.append("reconnect with since after the restart (times from ready): ")
                .append(describe(r.restart(), r.clients(), "ready"))
                .append(String.format("; event loops reported blocked %d times%n", r.blockedWarnings()));
        boolean connectMet = r.welcomed() == r.clients() && r.connectWallMillis() <= TARGET_CONNECT_MILLIS;
        Reconnect lastWarm = r.warm().isEmpty() ? null : r.warm().get(r.warm().size() - 1);
        boolean recoveryMet = r.restart().allRecovered(r.clients())
                && r.restart().replayP99() <= TARGET_FIRST_REPLAY_P99_MILLIS;
        s.append(String.format("targets (issue 20): %d clients connect in <= %.0f ms: %s; reconnect at once with"
                + " since after a restart, every one recovered, none missing an event, p99 of the first replayed frame"
                + " <= %.0f ms: %s%s%n", r.clients(), TARGET_CONNECT_MILLIS, connectMet ? "met" : "NOT met",
                TARGET_FIRST_REPLAY_P99_MILLIS, recoveryMet ? "met" : "NOT met", r.warm().isEmpty() ? ""
                        : String.format(" (the last reconnect to the warm gateway: every one recovered %s, p99 %.0f"
                                + " ms)", lastWarm.allRecovered(r.clients()) ? "yes" : "NO", lastWarm.replayP99())));
        s.append("one connect = the client's TCP connect until its welcome frame; ready = the bench saw /health/ready"
                + " answer 200 (polled every 250 ms), right before the reconnect starts; CPU = gateway process"
                + " user+sys (/proc/<pid>/stat) from the reconnect's reference until every client had every event;"
                + " the clients, the producer and the Kafka broker run in this JVM on the same cores.\n");
        return s.toString();
    }

    private static String describe(Reconnect x, int clients, String reference) {
        return String.format("%d of %d reconnected, %d told recovered:true; %d clients missing events (%d events in"
                + " all), %d duplicates, %d frames of unknown events, %d clients whose first event was not a replayed"
                + " one; the first welcome %.0f ms and every welcome %.0f ms after %s; first replayed frame p50 %.0f"
                + " ms, p99 %.0f ms, max %.0f ms after %s (p50 %.0f ms, p99 %.0f ms after the client's reconnect"
                + " began); gateway CPU %.2f s", x.reconnected(), clients, x.recovered(), x.clientsMissingEvents(),
                x.missing(), x.duplicates(), x.unknownFrames(), x.firstNotReplayed(), x.firstWelcomeMillis(),
                x.lastWelcomeMillis(), reference, x.replayP50(), x.replayP99(), x.replayMax(), reference,
                x.replayP50FromStart(), x.replayP99FromStart(), x.cpuSeconds());
    }

    /** One client across its connections; guarded by itself (they may run on different selector threads). */
    private static final class Client {
        long startNanos;
        long welcomeNanos;
        long firstEventNanos;
        boolean firstEventReplayed;
        boolean recovered;
        /** The position of the last frame received: where a reconnect resumes. */
        String position;
        final BitSet seen = new BitSet();
        int duplicates;
        int unknown;
    }

    /** Reads the frames of one connect storm into the clients' state. */
    private final class Tap implements WsClients.Tap {

        @Override
        public void started(int index, long nanos) {
            Client c = states[index];
            synchronized (c) {
                c.startNanos = nanos;
                c.welcomeNanos = 0;
                c.firstEventNanos = 0;
                c.firstEventReplayed = false;
                c.recovered = false;
            }
        }

        @Override
        public void message(int index, byte[] bytes, int offset, int length, long readNanos) {
            Client c = states[index];
            synchronized (c) {
                if (Dialect.startsWith(bytes, offset, length, EVENT)) {
                    c.position = value(bytes, offset, length, POSITION);
                    Integer event = eventIndex.get(value(bytes, offset, length, EVENT_ID));
                    if (event == null) {
                        c.unknown++;
                        return;
                    }
                    if (c.firstEventNanos == 0) {
                        c.firstEventNanos = readNanos;
                        c.firstEventReplayed = event < replayedBelow;
                    }
                    if (c.seen.get(event)) {
                        c.duplicates++;
                    } else {
                        c.seen.set(event);
                    }
                } else if (Dialect.startsWith(bytes, offset, length, WELCOME)) {
                    c.welcomeNanos = readNanos;
                    if (c.position == null) {
                        c.position = value(bytes, offset, length, POSITION);
                    }
                } else if (Dialect.startsWith(bytes, offset, length, RECOVERY)) {
                    c.recovered = indexOf(bytes, offset, offset + length, RECOVERED) >= 0;
                }
            }
        }
    }

    /** The string value of {@code key} (which ends with its opening quote), or null. */
    private static String value(byte[] bytes, int offset, int length, byte[] key) {
        int at = indexOf(bytes, offset, offset + length, key);
        if (at < 0) {
            return null;
        }
        int from = at + key.length;
        int to = from;
        while (to < offset + length && bytes[to] != '"') {
            to++;
        }
        return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] bytes, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (bytes[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
