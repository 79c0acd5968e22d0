package dev.stockpulse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.HdrHistogram.Histogram;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.FreePorts;
import dev.stockpulse.localstack.Infrastructure;
import dev.stockpulse.localstack.KafkaBroker;
import dev.stockpulse.localstack.LocalSystem;
import dev.stockpulse.localstack.ServiceProcess;
import dev.stockpulse.localstack.StockPulseService;
import dev.stockpulse.localstack.TopicSetup;

/**
 * The gateway benchmark. Starts a Kafka broker (local-stack's {@link KafkaBroker}, KRaft, in this JVM) and the
 * gateway from its packaged jar as a separate process (local profile), opens N WebSocket clients of one tenant (or
 * spread over {@code --tenants}), of the {@code /ws} dialect on channel {@code stock} or of another one
 * ({@code --dialect}), and then, per rate, produces events into {@code inventory-events} for a bounded time and
 * measures what the clients receive. Prints a summary table; see {@link BenchOptions#USAGE} for the options. With
 * {@code --mode=idle} it measures idle connections ({@link IdleMeasurement}), with {@code --mode=intake} what reading
 * events costs with no client ({@link IntakeMeasurement}).
 *
 * <p>Everything is bounded: each run stops after its duration (or event cap), each wait has a timeout, and the
 * gateway, the clients and the broker are stopped at the end (also on Ctrl-C).
 */
public final class GatewayBench {

    private static final double TARGET_DELIVERIES_PER_SECOND = 80_000;
    private static final double TARGET_P99_MILLIS = 100;
    private static final double TARGET_CPU_MICROS = 5;
    private static final double TARGET_HEAP_KIB = 9;

    private GatewayBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchOptions.USAGE);
            return;
        }
        if (options.help) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        new Run(options).execute();
    }

    /** One benchmark session and what it started, so that everything is stopped whatever happens. */
    static final class Run {

        private final BenchOptions o;
        private final List<RunResult> results = new ArrayList<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private KafkaBroker broker;
        private Path jar;
        private int port;
        private Map<String, String> env;
        private ServiceProcess gateway;
        private WsClients clients;
        private EventLoad load;
        private List<IdleMeasurement.Step> idleSteps = List.of();
        private List<IntakeMeasurement.Step> intakeSteps = List.of();
        /** Clients per tenant, in the order of {@link BenchOptions#tenantIds()}. */
        private int[] clientsByTenant = new int[0];
        private StormMeasurement.Result storm;
        private String heap = "heap: not measured";
        private String heapVerdict = "?";
        private String heapTop = "";
        /** Heap per idle connection in KiB once measured; NaN before. */
        private double heapPerConnectionKiB = Double.NaN;

        Run(BenchOptions options) {
            this.o = options;
        }

        /** @return the measured runs, in the order of {@code --rates} */
        List<RunResult> execute() throws Exception {
            Thread hook = new Thread(this::stopAll, "bench-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                measure();
            } finally {
                stopAll();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // already running
                }
            }
            return List.copyOf(results);
        }

        double heapPerConnectionKiB() {
            return heapPerConnectionKiB;
        }

        /** What {@code --mode=storm} measured; null in the other modes. */
        StormMeasurement.Result storm() {
            return storm;
        }

        /** What {@code --mode=idle} measured, 0 connections first; empty in load mode. */
        List<IdleMeasurement.Step> idleSteps() {
            return idleSteps;
        }

        /** What {@code --mode=intake} measured, the idle gateway first; empty in the other modes. */
        List<IntakeMeasurement.Step> intakeSteps() {
            return intakeSteps;
        }

        private void measure() throws Exception {
            say("machine: " + Machine.describe());
            say("options: " + o);

            // -- Kafka
            String bootstrap = o.kafka;
            if (bootstrap.isBlank()) {
                Path dir = Files.createTempDirectory("stockpulse-bench-kafka-");
                broker = new KafkaBroker(FreePorts.find(), dir).start();
                bootstrap = broker.bootstrapServers();
                say("Kafka (KRaft, in this JVM) at " + bootstrap);
            }
            TopicSetup.createAll(bootstrap);

            // -- the gateway, from its packaged jar
            jar = StockPulseService.GATEWAY.jar(o.root);
            port = FreePorts.find();
            env = new java.util.HashMap<>(LocalSystem.environment(StockPulseService.GATEWAY, new KafkaOnly(bootstrap)));
            // One tenant, many users: the per-user cap must allow this run's connections per user; the outbound
            // buffer is the gateway's default unless asked otherwise. No tenant-wide cap exists.
            env.put("GATEWAY_LIMITS_CONNECTIONS_PER_USER", Integer.toString(Math.max(10, o.connectionsPerUser())));
            env.put("GATEWAY_LIMITS_OUTBOUND_BUFFER_BYTES", Long.toString(o.outboundBufferBytes));
            env.put("GATEWAY_DELIVERY_COALESCE_WINDOW", o.coalesceWindow.toMillis() + "ms");
            List<String> javaOpts = new ArrayList<>(o.gatewayJavaOpts);
            if (o.nmt) {
                javaOpts.add("-XX:NativeMemoryTracking=summary");
            }
            if (!javaOpts.isEmpty()) {
                env.put("JAVA_OPTS_APPEND", String.join(" ", javaOpts));
            }
            GatewayProbe probe = startGateway();
            say("gateway ready, pid " + probe.pid() + "; env " + env.keySet().stream().filter(k -> k.startsWith("GATEWAY_")
                    || k.equals("QUARKUS_PROFILE") || k.equals("JAVA_OPTS_APPEND")).sorted().map(k -> k + "=" + env.get(k)).toList());

            List<String> tenants = o.tenantIds();
            load = new EventLoad(bootstrap, tenants, o.payloadBytes);
            say("event payload ('data') is " + load.payloadSize() + " bytes; events spread over " + tenants.size()
                    + " tenant(s)");
            if (o.mode == BenchOptions.Mode.INTAKE) {
                intakeSteps = new IntakeMeasurement(o, probe, load).run();
                return;
            }

            // -- tokens (distinct users; client i is of tenant i mod tenants, as event i is)
            long t = System.nanoTime();
            List<String> tokens = new ArrayList<>(o.clients);
            clientsByTenant = new int[tenants.size()];
            for (int i = 0; i < o.clients; i++) {
                clientsByTenant[i % tenants.size()]++;
                tokens.add(DevTokens.user(tenants.get(i % tenants.size()), String.format("bench-user-%05d", i % o.users)));
            }
            say("minted " + o.clients + " tokens for " + o.users + " users of " + tenants.size() + " tenant(s) in "
                    + millis(System.nanoTime() - t) + " ms");

            // -- heap per idle connection. First a few connections are opened and closed again, so that what the
            // first connection initialises once (classes, pools, caches) is not charged to the N measured ones.
            int warmClients = Math.min(50, o.clients);
            String path = o.dialect.path("stock");
            try (WsClients warm = new WsClients(1, o.dialect)) {
                List<String> warmTokens = new ArrayList<>();
                for (int i = 0; i < warmClients; i++) {
                    warmTokens.add(DevTokens.user(o.tenant, String.format("bench-warm-%05d", i)));
                }
                int w = warm.connect(port, path, warmTokens, o.connectConcurrency, 60_000);
                say("opened " + w + " warm-up connections (closed again before the heap is measured)");
            }
            if (o.mode == BenchOptions.Mode.IDLE) {
                clients = new WsClients(o.clientLoops, o.dialect);
                idleSteps = new IdleMeasurement(o, probe, clients, port, tokens).run();
                return;
            }
            if (o.mode == BenchOptions.Mode.STORM) {
                clients = new WsClients(o.clientLoops, o.dialect);
                storm = new StormMeasurement(o, new StormMeasurement.Gateway() {
                    @Override
                    public void stop() throws IOException {
                        gateway.close();
                        // The restarted gateway writes the same log file anew.
                        Path log = gateway.logFile();
                        Files.copy(log, log.resolveSibling("realtime-gateway-before-restart.log"),
                                StandardCopyOption.REPLACE_EXISTING);
                    }

                    @Override
                    public GatewayProbe start() {
                        return startGateway();
                    }
                }, probe, clients, load, port, tokens).run();
                return;
            }
            GatewayProbe.sleep(o.settle.toMillis());
            long heapIdle0 = probe.heapAfterGc(o.heapSamples);
            say("gateway heap after GC with 0 connections: " + kib(heapIdle0) + " KiB");
            Map<String, long[]> histogram0 = o.heapHistogram ? probe.classHistogram() : Map.of();

            // -- N clients, in two halves: heap is read after each, so a fixed cost shows as a difference
            clients = new WsClients(o.clientLoops, o.dialect);
            int half = o.clients / 2;
            long t0 = System.nanoTime();
            int welcomedHalf = half > 0
                    ? clients.connect(port, path, tokens.subList(0, half), o.connectConcurrency, 180_000)
                    : 0;
            long halfMillis = millis(System.nanoTime() - t0);
            long heapIdleHalf = 0;
            if (half > 0) {
                GatewayProbe.sleep(o.settle.toMillis());
                heapIdleHalf = probe.heapAfterGc(o.heapSamples);
                say(welcomedHalf + " clients welcomed in " + halfMillis + " ms; heap after GC: " + kib(heapIdleHalf)
                        + " KiB");
            }
            t = System.nanoTime();
            int welcomed = clients.connect(port, path, tokens.subList(half, tokens.size()),
                    o.connectConcurrency, 180_000);
            long connectMillis = halfMillis + millis(System.nanoTime() - t);
            say(welcomed + " of " + o.clients + " clients welcomed in " + connectMillis + " ms"
                    + (clients.failedConnects() > 0 ? "; " + clients.failedConnects() + " failed, first: "
                    + clients.firstFailure() : ""));
            if (welcomed == 0) {
                throw new IllegalStateException("no client could connect; see " + gateway.logFile());
            }
            GatewayProbe.sleep(o.settle.toMillis());
            long heapIdleN = probe.heapAfterGc(o.heapSamples);
            double gatewayConnections = GatewayProbe.sum(probe.metrics(), "gateway_connections", null);
            double heapPerConnection = (double) (heapIdleN - heapIdle0) / welcomed;
            double heapPerConnectionSlope = welcomed > welcomedHalf && half > 0
                    ? (double) (heapIdleN - heapIdleHalf) / (welcomed - welcomedHalf) : Double.NaN;
            heap = String.format("heap after full GC: %d KiB with 0 connections, %d KiB with %d, %d KiB with %d idle"
                    + " connections -> %.2f KiB per idle connection (0 -> %d), %.2f KiB (%d -> %d)", kib(heapIdle0),
                    kib(heapIdleHalf), welcomedHalf, kib(heapIdleN), welcomed, heapPerConnection / 1024, welcomed,
                    heapPerConnectionSlope / 1024, welcomedHalf, welcomed);
            say(heap + "; gateway_connections=" + (long) gatewayConnections);
            heapPerConnectionKiB = heapPerConnection / 1024;
            heapVerdict = heapPerConnectionKiB <= TARGET_HEAP_KIB ? "met" : "NOT met";
            if (o.heapHistogram) {
                heapTop = GatewayProbe.histogramGrowth(histogram0, probe.classHistogram(), welcomed, 15);
                say("live heap growth per idle connection by class (jcmd GC.class_histogram, 0 -> " + welcomed + "):\n"
                        + heapTop);
            }

            // -- warm-up, not measured
            double warmRate = o.rates.get(0) > 0 ? o.rates.get(0) : 40;
            if (!o.warmup.isZero()) {
                say(String.format("warm-up: %.0f events/s for %.0f s", warmRate, o.warmup.toMillis() / 1000.0));
                runOnce(probe, warmRate, o.warmup, Long.MAX_VALUE, false);
            }

            // -- measured runs
            for (double rate : o.rates) {
                GatewayProbe.sleep(o.settle.toMillis());
                results.add(runOnce(probe, rate, o.duration, o.eventCap(rate), true));
            }

            printSummary(welcomed, connectMillis);
        }

        /** Starts the gateway from its jar on this run's port and waits until it is ready (its buffers rebuilt). */
        private GatewayProbe startGateway() {
            Path logDir = o.root.resolve("bench/target/bench-logs");
            say("starting realtime-gateway (" + jar + ") on port " + port + ", log in " + logDir);
            gateway = ServiceProcess.start(StockPulseService.GATEWAY, jar, port, env, logDir);
            gateway.awaitReady(Duration.ofSeconds(120));
            return new GatewayProbe(GatewayProbe.findPid(jar), gateway.baseUrl());
        }

        private RunResult runOnce(GatewayProbe probe, double rate, Duration duration, long cap, boolean measured) {
            int audience = clients.open();
            clients.takeLatencies();
            Map<String, Double> metrics0 = probe.metrics();
            long frames0 = clients.frames();
            long[] byClient0 = clients.framesByConnection();
            long other0 = clients.otherFrames();
            Map<String, Long> threads0 = probe.cpuNanosByThread();
            long[] machine0 = GatewayProbe.machineTicks();
            long self0 = probe.selfCpuNanos();
            long cpu0 = probe.cpuNanos();
            long syscw0 = probe.writeSyscalls();
            long bytes0 = clients.frameBytes();
            long[] sentByTenant0 = load.sentByTenant();
            long start = System.nanoTime();

            Ticker ticker = new Ticker(start, frames0);
            ticker.start();
            long sent;
            try {
                sent = load.run(rate, duration.toNanos(), cap);
            } finally {
                ticker.stop();
            }
            long producedNanos = System.nanoTime() - start;
            long[] sentByTenant = load.sentByTenant();
            long expected = 0;
            long fewestExpected = Long.MAX_VALUE;
            long mostExpected = 0;
            for (int i = 0; i < sentByTenant.length; i++) {
                long tenantSent = sentByTenant[i] - sentByTenant0[i];
                expected += tenantSent * clientsByTenant[i];
                fewestExpected = Math.min(fewestExpected, tenantSent);
                mostExpected = Math.max(mostExpected, tenantSent);
            }
            if (audience < o.clients) {
                // Clients were lost; which tenants they were of is not tracked, so the expected count is prorated.
                expected = expected * audience / o.clients;
            }
            drain(frames0, expected);

            long cpu1 = probe.cpuNanos();
            long syscw1 = probe.writeSyscalls();
            long self1 = probe.selfCpuNanos();
            long[] machine1 = GatewayProbe.machineTicks();
            Map<String, Long> threads1 = probe.cpuNanosByThread();
            long received = clients.frames() - frames0;
            long last = clients.lastFrameNanos();
            Histogram latencies = clients.takeLatencies();
            Map<String, Double> metrics1 = probe.metrics();

            RunResult r = new RunResult();
            r.rate = rate;
            r.audience = audience;
            r.tenants = sentByTenant.length;
            r.fewestExpectedPerClient = fewestExpected;
            r.mostExpectedPerClient = mostExpected;
            r.sent = sent;
            r.expected = expected;
            r.received = received;
            r.otherFrames = clients.otherFrames() - other0;
            r.producedSeconds = producedNanos / 1e9;
            r.wallSeconds = (received > 0 && last > start ? last - start : System.nanoTime() - start) / 1e9;
            r.gatewayCpuSeconds = (cpu1 - cpu0) / 1e9;
            r.generatorCpuSeconds = (self1 - self0) / 1e9;
            r.machineBusy = GatewayProbe.busyPercent(machine0, machine1);
            r.serverDeliveries = GatewayProbe.sum(metrics1, "gateway_deliveries_total", null)
                    - GatewayProbe.sum(metrics0, "gateway_deliveries_total", null);
            r.serverDrops = GatewayProbe.sum(metrics1, "gateway_drops_total", null)
                    - GatewayProbe.sum(metrics0, "gateway_drops_total", null);
            r.serverCloses = GatewayProbe.nonZero(metrics0, metrics1, "gateway_closes_total").orElse("none");
            r.produceFailures = load.failures();
            r.p50 = latencies.getTotalCount() > 0 ? latencies.getValueAtPercentile(50) / 1000.0 : Double.NaN;
            r.p99 = latencies.getTotalCount() > 0 ? latencies.getValueAtPercentile(99) / 1000.0 : Double.NaN;
            r.p999 = latencies.getTotalCount() > 0 ? latencies.getValueAtPercentile(99.9) / 1000.0 : Double.NaN;
            r.max = latencies.getTotalCount() > 0 ? latencies.getMaxValue() / 1000.0 : Double.NaN;
            r.threads = topThreads(threads0, threads1, 6);
            long[] byClient1 = clients.framesByConnection();
            r.fewestPerClient = Long.MAX_VALUE;
            for (int i = 0; i < byClient0.length; i++) {
                r.fewestPerClient = Math.min(r.fewestPerClient, byClient1[i] - byClient0[i]);
                r.mostPerClient = Math.max(r.mostPerClient, byClient1[i] - byClient0[i]);
            }
            say(String.format("%s %s events/s: sent %d events in %.1f s to %d clients; received %d of %d frames"
                    + " (%.0f/s); latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; gateway CPU %.2f s = %.2f µs per"
                    + " delivery; generator+broker CPU %.2f s; machine busy %.0f%%; server deliveries %.0f, drops %.0f,"
                    + " closes %s; clients open %d, each received %d to %d frames (its tenant was sent %d to %d)",
                    measured ? "run" : "warm-up", rateLabel(rate), sent, r.producedSeconds, audience, received, expected,
                    r.deliveriesPerSecond(), r.p50, r.p99, r.max, r.gatewayCpuSeconds, r.cpuMicrosPerDelivery(),
                    r.generatorCpuSeconds, r.machineBusy, r.serverDeliveries, r.serverDrops, r.serverCloses,
                    clients.open(), r.fewestPerClient, r.mostPerClient, r.fewestExpectedPerClient,
                    r.mostExpectedPerClient));
            say(String.format("  gateway CPU by thread: %s; gateway write syscalls per delivery %.2f; average frame"
                    + " %.0f bytes", r.threads, received > 0 && syscw0 >= 0 ? (double) (syscw1 - syscw0) / received
                    : Double.NaN, received > 0 ? (double) (clients.frameBytes() - bytes0) / received : Double.NaN));
            if (!clients.closes().isEmpty()) {
                say("  client connections closed so far, by close code: " + clients.closes()
                        + (clients.firstFailure() != null ? "; first client error: " + clients.firstFailure() : ""));
            }
            return r;
        }

        /** Waits until the expected frames arrived, or nothing arrived for the drain timeout. */
        private void drain(long frames0, long expected) {
            long lastCount = -1;
            long lastProgress = System.nanoTime();
            long hardDeadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < hardDeadline) {
                long got = clients.frames() - frames0;
                if (got >= expected) {
                    return;
                }
                if (got != lastCount) {
                    lastCount = got;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > o.drainTimeout.toNanos()) {
                    say("  (stopped waiting: " + got + " of " + expected + " frames, nothing new for "
                            + o.drainTimeout.toSeconds() + " s)");
                    return;
                }
                GatewayProbe.sleep(50);
            }
        }

        private void printSummary(int welcomed, long connectMillis) {
            StringBuilder s = new StringBuilder();
            s.append("\n==== realtime-gateway benchmark, dialect ").append(o.dialect.option()).append(" — ")
                    .append(Instant.now()).append(" ====\n");
            s.append("machine: ").append(Machine.describe()).append('\n');
            s.append("clients: ").append(welcomed).append(" WebSocket connections of ")
                    .append(o.tenants == 1 ? "tenant '" + o.tenant + "'" : o.tenants + " tenants ('" + o.tenant
                            + "-000'...), " + o.clients / o.tenants + " or so each")
                    .append(" (").append(o.users).append(" users) at ").append(o.dialect.path("stock"))
                    .append(", connected in ")
                    .append(connectMillis).append(" ms; payload ").append(load.payloadSize()).append(" bytes\n");
            s.append(heap).append(String.format(" (target <= %.0f KiB: %s)%n", TARGET_HEAP_KIB, heapVerdict));
            if (!heapTop.isEmpty()) {
                s.append("  largest growth per idle connection, by class:\n").append(heapTop);
            }
            s.append(String.format("%-9s %8s %7s %12s %12s %13s %8s %8s %9s %9s %11s %9s %7s%n", "events/s",
                    "events", "clients", "frames", "expected", "deliveries/s", "p50 ms", "p99 ms", "p99.9 ms",
                    "max ms", "µs CPU/del", "gen CPU s", "busy %"));
            for (RunResult r : results) {
                s.append(String.format("%-9s %8d %7d %12d %12d %13.0f %8.1f %8.1f %9.1f %9.1f %11.2f %9.1f %7.0f%n",
                        rateLabel(r.rate), r.sent, r.audience, r.received, r.expected, r.deliveriesPerSecond(), r.p50,
                        r.p99, r.p999, r.max, r.cpuMicrosPerDelivery(), r.generatorCpuSeconds, r.machineBusy));
            }
            s.append("targets (issue 6): >= 80,000 deliveries/s to 2,000 clients, p99 < 100 ms, <= 5 µs gateway CPU per"
                    + " delivery, <= 9 KiB heap per idle connection\n");
            for (RunResult r : results) {
                s.append(String.format("  %s events/s (offered %s deliveries/s): deliveries/s %s, p99 %s, CPU/delivery"
                        + " %s%s%s%n", rateLabel(r.rate), r.rate > 0 ? String.format("%.0f", r.rate * r.audience / r.tenants) : "max",
                        r.deliveriesPerSecond() >= TARGET_DELIVERIES_PER_SECOND ? "met" : "NOT met",
                        r.p99 < TARGET_P99_MILLIS ? "met" : "NOT met",
                        r.cpuMicrosPerDelivery() <= TARGET_CPU_MICROS ? "met" : "NOT met",
                        r.received < r.expected ? "; " + (r.expected - r.received) + " frames missing" : "",
                        r.serverDrops > 0 || !"none".equals(r.serverCloses)
                                ? "; drops " + (long) r.serverDrops + ", closes " + r.serverCloses : ""));
            }
            s.append("deliveries/s = frames received by all clients / (last frame received - first event sent);"
                    + " latency = receive time - send time in the event (same JVM clock); µs CPU/del = gateway"
                    + " process user+sys CPU over the run / frames received; gen CPU = this JVM (clients, producer,"
                    + " Kafka broker); busy = whole machine. The load generator and the broker share the cores with"
                    + " the gateway.\n");
            System.out.println(s);
        }

        private void stopAll() {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            if (clients != null) {
                clients.close();
            }
            if (load != null) {
                load.close();
            }
            if (gateway != null) {
                gateway.close();
            }
            if (broker != null) {
                broker.close();
            }
        }

        /** Progress every 5 s while the producer runs. */
        private final class Ticker {
            private final long start;
            private final long frames0;
            private final Thread thread;
            private volatile boolean running = true;

            Ticker(long start, long frames0) {
                this.start = start;
                this.frames0 = frames0;
                this.thread = new Thread(this::loop, "bench-ticker");
                this.thread.setDaemon(true);
            }

            void start() {
                thread.start();
            }

            void stop() {
                running = false;
                thread.interrupt();
            }

            private void loop() {
                while (running) {
                    try {
                        Thread.sleep(5000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    say(String.format("  %.0f s: %d frames received, %d clients open", (System.nanoTime() - start) / 1e9,
                            clients.frames() - frames0, clients.open()));
                }
            }
        }
    }

    static String topThreads(Map<String, Long> before, Map<String, Long> after, int top) {
        List<Map.Entry<String, Long>> deltas = new ArrayList<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (delta > 0) {
                deltas.add(Map.entry(e.getKey(), delta));
            }
        }
        deltas.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(top, deltas.size()); i++) {
            s.append(i > 0 ? ", " : "").append(deltas.get(i).getKey()).append(' ')
                    .append(String.format("%.2f s", deltas.get(i).getValue() / 1e9));
        }
        return s.toString();
    }

    static final class RunResult {
        double rate;
        int audience;
        /** Tenants the run's events and clients were spread over. */
        int tenants;
        long sent;
        long expected;
        long received;
        /** The fewest and the most event frames one client received in this run. */
        long fewestPerClient;
        long mostPerClient;
        /** The fewest and the most events one client's tenant was sent (equal with one tenant). */
        long fewestExpectedPerClient;
        long mostExpectedPerClient;
        long otherFrames;
        double producedSeconds;
        double wallSeconds;
        double gatewayCpuSeconds;
        double generatorCpuSeconds;
        double machineBusy;
        double serverDeliveries;
        double serverDrops;
        String serverCloses;
        long produceFailures;
        double p50;
        double p99;
        double p999;
        double max;
        String threads;

        double deliveriesPerSecond() {
            return wallSeconds > 0 ? received / wallSeconds : 0;
        }

        double cpuMicrosPerDelivery() {
            return received > 0 ? gatewayCpuSeconds * 1e6 / received : Double.NaN;
        }
    }

    /** The broker this run uses, for {@link LocalSystem#environment}; the gateway needs no database. */
    private record KafkaOnly(String kafkaBootstrapServers) implements Infrastructure {
        @Override
        public String postgresHost() {
            throw new UnsupportedOperationException("the benchmark starts no PostgreSQL");
        }

        @Override
        public int postgresPort() {
            throw new UnsupportedOperationException("the benchmark starts no PostgreSQL");
        }

        @Override
        public void createDatabase(String name) {
            throw new UnsupportedOperationException("the benchmark starts no PostgreSQL");
        }

        @Override
        public void stopKafka() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startKafka() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stopPostgres() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startPostgres() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    /** What the figures were measured on. */
    static final class Machine {
        static String describe() {
            String cpu = "?";
            try {
                cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            } catch (IOException ignored) {
                // not Linux
            }
            long memMiB = 0;
            try {
                memMiB = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                        .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).orElse(0L);
            } catch (IOException | RuntimeException ignored) {
                // not Linux
            }
            String isolation = MachineYardstick.pageTableIsolation();
            return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + memMiB + " MiB RAM, Java "
                    + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                    + System.getProperty("os.version") + (isolation.isEmpty() ? "" : ", " + isolation)
                    + "; at the start: " + MachineYardstick.atStart();
        }
    }

    static String rateLabel(double rate) {
        return rate <= 0 ? "max" : (rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate));
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static long kib(long bytes) {
        return bytes / 1024;
    }

    static void say(String message) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
