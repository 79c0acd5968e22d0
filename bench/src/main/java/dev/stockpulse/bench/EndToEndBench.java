package dev.stockpulse.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.FreePorts;
import dev.stockpulse.localstack.Infrastructure;
import dev.stockpulse.localstack.LocalStack;
import dev.stockpulse.localstack.LocalSystem;
import dev.stockpulse.localstack.ServiceProcess;
import dev.stockpulse.localstack.StockPulseService;

/**
 * The main job measured from outside, everything co-located: {@code POST /api/inventory/adjust} at fixed open-loop
 * rates, each request timed from its scheduled send until a WebSocket client of the tenant receives its
 * {@code inventory.stock.updated} (REST → PostgreSQL → outbox relay → Kafka → gateway → client). The three
 * services run from their packaged jars on a real Kafka broker and PostgreSQL (local-stack, as the system tests start them), and
 * after the steps, with the services stopped, {@code pgbench} runs the adjustment's SQL transaction on the same
 * database, so the service's ceiling can be set against the database's.
 *
 * <p>Request {@code i} adjusts product {@code i mod products} by {@code +(i div products) + 1}: the event's SKU and
 * delta name the request, so its send time is found without any clock in the payload. Everything is bounded: each
 * step sends for its duration, each wait has a timeout, and the services and the infrastructure are stopped at the end.
 */
public final class EndToEndBench {

    static final String SKU_PREFIX = "E2E-";
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
    private static final Pattern TRANSACTIONS = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final String ADJUST_PATH = "/api/inventory/adjust";
    /** This JVM, the load generator and the broker, in the per-process figures. */
    static final String SELF = "bench+kafka";
    private static final GatewayProbe SELF_PROBE = new GatewayProbe(ProcessHandle.current().pid(), "");

    private EndToEndBench() {
    }

    public static void main(String[] args) throws Exception {
        EndToEndOptions options;
        try {
            options = EndToEndOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(EndToEndOptions.USAGE);
            return;
        }
        if (options.help) {
            System.out.println(EndToEndOptions.USAGE);
            return;
        }
        new Run(options).execute();
    }

    /** One measured step. */
    static final class Step {
        double rate;
        long offered;
        long notSent;
        long ok;
        long errors;
        String firstError;
        long eventsExpected;
        long eventsReceived;
        double sendSeconds;
        double completionSeconds;
        double restP50;
        double restP99;
        double e2eP50;
        double e2eP99;
        double e2eMax;
        /** inventory-service's relay lag (outbox insert to Kafka's ack) over the step: its mean. */
        double relayLagMean;
        /** Its p50 and p99 over the step, as the upper bounds of the timer's buckets they fall in. */
        double relayLagP50;
        double relayLagP99;
        /** inventory-service's reactive pool over the step: mean wait for a connection, mean hold, most waiting. */
        double poolWaitMillis;
        double poolHoldMillis;
        /** Mean time of one SQL statement as its client sees it (sent to answer handled), and statements per adjustment. */
        double statementMillis;
        double statementsPerAdjustment;
        Map<String, Double> cpuMillisPerAdjustment = new java.util.LinkedHashMap<>();
        /** Of each JVM's CPU, its JIT compiler threads' ({@code bench+kafka}: this JVM's). */
        Map<String, Double> jitMillisPerAdjustment = new java.util.LinkedHashMap<>();
        /**
         * Wake-ups per adjustment of each process: its threads' voluntary context switches (a thread blocked and was
         * woken), each of which costs a system call's return and on these VMs a TLB refill.
         */
        Map<String, Double> wakeupsPerAdjustment = new java.util.LinkedHashMap<>();
        /** Involuntary context switches per adjustment: a thread taken off a core with work left, i.e. contention. */
        Map<String, Double> preemptionsPerAdjustment = new java.util.LinkedHashMap<>();
        /** What a loopback round trip between two threads of this JVM cost during the step. */
        RoundTripSampler.Between roundTrip = RoundTripSampler.Between.NONE;
        /** Each service's collector pauses during the step, and this JVM's ({@code bench+kafka}). */
        Map<String, GcPauses> gcPauses = new java.util.LinkedHashMap<>();
        double machineBusy;
        String loadBefore;
        String loadAfter;
        boolean held;

        double achieved() {
            return completionSeconds > 0 ? ok / completionSeconds : 0;
        }
    }

    /**
     * A JVM's stop-the-world collections over a step, a service's from its {@code jvm_gc_pause_seconds} (Micrometer's
     * JVM binder), this one's from its MXBeans: how many and how long in all, and of them the major (full) collections.
     */
    record GcPauses(boolean reported, long count, double millis, long majorCount, double majorMillis) {

        private static final String NAME = "jvm_gc_pause_seconds";
        private static final String MAJOR = "action=\"end of major GC\"";

        static GcPauses between(Map<String, Double> before, Map<String, Double> after) {
            return new GcPauses(after.keySet().stream().anyMatch(k -> k.startsWith(NAME + "_count")),
                    Math.round(delta(before, after, NAME + "_count", null)),
                    1000 * delta(before, after, NAME + "_sum", null),
                    Math.round(delta(before, after, NAME + "_count", MAJOR)),
                    1000 * delta(before, after, NAME + "_sum", MAJOR));
        }

        private static double delta(Map<String, Double> before, Map<String, Double> after, String name, String with) {
            return GatewayProbe.sum(after, name, with) - GatewayProbe.sum(before, name, with);
        }

        /**
         * This JVM's collections so far (the load generator, the WebSocket clients and the broker), from its
         * collector MXBeans: count, milliseconds, full-collection count, full-collection milliseconds. A collector's
         * concurrent cycles (G1's "Concurrent GC" bean on newer JDKs) are not pauses and are left out.
         */
        static double[] ofThisJvm() {
            double[] totals = new double[4];
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                String name = gc.getName();
                if (name.contains("Concurrent") || gc.getCollectionCount() < 0) {
                    continue;
                }
                boolean full = name.contains("Old") || name.contains("MarkSweep");
                totals[0] += gc.getCollectionCount();
                totals[1] += gc.getCollectionTime();
                if (full) {
                    totals[2] += gc.getCollectionCount();
                    totals[3] += gc.getCollectionTime();
                }
            }
            return totals;
        }

        static GcPauses between(double[] before, double[] after) {
            return new GcPauses(true, Math.round(after[0] - before[0]), after[1] - before[1],
                    Math.round(after[2] - before[2]), after[3] - before[3]);
        }

        @Override
        public String toString() {
            return reported ? String.format("%.0f ms in %d (major %d, %.0f ms)", millis, count, majorCount, majorMillis)
                    : "not reported";
        }
    }

    /** One pgbench run: clients, its rate limit (0 = none), transactions/s, mean latency, PostgreSQL CPU each. */
    record PgbenchResult(int clients, int rate, double tps, double latencyMillis, double postgresCpuMillis) {

        String label() {
            return clients + " clients" + (rate > 0 ? " at " + rate + "/s" : "");
        }
    }

    /** One benchmark session and what it started, so that everything is stopped whatever happens. */
    static final class Run {

        private final EndToEndOptions o;
        private final List<Step> steps = new ArrayList<>();
        private final List<PgbenchResult> pgbench = new ArrayList<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        /** Send time (BenchClock µs) per request key, see {@link #key}. */
        private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        private final Recorder restLatency = new Recorder(MAX_LATENCY_MICROS, 3);
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private Infrastructure infrastructure;
        private LocalSystem system;
        private WsClients clients;
        private String tenant;
        private String adminToken;
        private String warehouseId;
        private final List<String> productIds = new ArrayList<>();
        private long sequence;
        private HttpLoad restLoad;
        private String[] authorization;
        /** The machine's yardstick once the services are stopped after the steps. */
        private MachineYardstick.Reading atEnd;
        /** Samples a loopback round trip through the steps. */
        private RoundTripSampler roundTrips;

        Run(EndToEndOptions options) {
            this.o = options;
        }

        List<Step> execute() throws Exception {
            Thread hook = new Thread(this::stopAll, "e2e-bench-shutdown");
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
            return List.copyOf(steps);
        }

        List<PgbenchResult> pgbench() {
            return List.copyOf(pgbench);
        }

        /** The machine's reading after the steps, the services stopped; null until then. */
        MachineYardstick.Reading atEnd() {
            return atEnd;
        }

        private void measure() throws Exception {
            say("machine: " + GatewayBench.Machine.describe() + "; load average " + loadAverage());
            say("options: " + o);
            long t0 = System.nanoTime();
            infrastructure = LocalStack.start(FreePorts.find(), FreePorts.find());
            say("Kafka (in this JVM) at " + infrastructure.kafkaBootstrapServers() + ", PostgreSQL at "
                    + infrastructure.postgresHost() + ":" + infrastructure.postgresPort());
            Map<StockPulseService, Integer> ports = new EnumMap<>(StockPulseService.class);
            for (StockPulseService service : StockPulseService.values()) {
                ports.put(service, FreePorts.find());
            }
            Path logDir = o.root.resolve("bench/target/bench-logs/e2e");
            system = LocalSystem.start(o.root, infrastructure, ports, logDir, EndToEndBench::say, o.serviceEnv);
            long ready = System.nanoTime();
            roundTrips = RoundTripSampler.start(Duration.ofSeconds(1));
            say(String.format("services ready %.1f s after the start; pids: %s; logs in %s", (ready - t0) / 1e9,
                    processes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().pid()).toList(), logDir));

            String inventory = system.service(StockPulseService.INVENTORY).baseUrl();
            tenant = "e2e-" + UUID.randomUUID().toString().substring(0, 6);
            adminToken = DevTokens.admin(tenant, "bench-admin");
            authorization = new String[] {"Authorization: Bearer " + adminToken};
            restLoad = new HttpLoad(URI.create(inventory));
            createCatalog(inventory);
            say(String.format("tenant %s: 1 warehouse, %d products, created in %.1f s", tenant, productIds.size(),
                    (System.nanoTime() - ready) / 1e9));

            clients = new WsClients(1, Dialect.WS, this::sendTimeOf);
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < o.clients; i++) {
                tokens.add(DevTokens.user(tenant, String.format("e2e-viewer-%03d", i)));
            }
            int welcomed = clients.connect(system.service(StockPulseService.GATEWAY).port(), Dialect.WS.path("stock"),
                    tokens, 50, 60_000);
            if (welcomed < o.clients) {
                throw new IllegalStateException("only " + welcomed + " of " + o.clients
                        + " WebSocket clients welcomed: " + clients.firstFailure());
            }

            if (!o.warmup.isZero()) {
                say(String.format("warm-up: %s adjustments/s for %.0f s (not measured)",
                        GatewayBench.rateLabel(o.rates.get(0)), o.warmup.toMillis() / 1000.0));
                step(o.rates.get(0), o.warmup, false);
            }
            for (double rate : o.rates) {
                GatewayProbe.sleep(o.settle.toMillis());
                say(String.format("step at %s adjustments/s, %.1f s after the services were ready",
                        GatewayBench.rateLabel(rate), (System.nanoTime() - ready) / 1e9));
                steps.add(step(rate, o.duration, true));
            }
            // pgbench measures what the database alone can do: the services would otherwise still be working off what
            // the last step left them (sales-service's backlog after a step that was not held) on the same cores and
            // the same database, and pgbench would read low. The machine is measured again with the services stopped
            // (the broker and the database idle): a host that got busier during the run shows there.
            say("stopping the services: pgbench and the machine's second reading have the machine to themselves");
            roundTrips.close();
            clients.close();
            system.close();
            atEnd = MachineYardstick.measure(Duration.ofMillis(500));
            say("machine after the steps: " + atEnd);
            if (!o.pgbench.isZero()) {
                for (int c : o.pgbenchClients) {
                    for (int rate : o.pgbenchRates) {
                        pgbench.add(runPgbench(c, rate));
                    }
                }
            }
            printSummary();
        }

        /** Processes whose CPU a step reports, in a fixed order. */
        private Map<String, GatewayProbe> processes() {
            Map<String, GatewayProbe> probes = new java.util.LinkedHashMap<>();
            for (StockPulseService s : StockPulseService.values()) {
                ServiceProcess p = system.service(s);
                probes.put(s.moduleName(), new GatewayProbe(p.pid(), p.baseUrl()));
            }
            return probes;
        }

        private void createCatalog(String inventory) throws Exception {
            warehouseId = field(post(inventory + "/api/warehouses", "{\"code\":\"E2E\",\"name\":\"Bench warehouse\"}"),
                    "id");
            String[] ids = new String[o.products];
            Semaphore inFlight = new Semaphore(8);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int i = 0; i < o.products; i++) {
                int index = i;
                String body = String.format("{\"sku\":\"%s%05d\",\"name\":\"Bench product %d\",\"category\":\"bench\","
                        + "\"unit_price\":1.00,\"reorder_level\":0,\"reorder_quantity\":1}", SKU_PREFIX, i, i);
                inFlight.acquire();
                http.sendAsync(request(inventory + "/api/products", body), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> {
                            if (e != null || r.statusCode() != 201) {
                                failure.compareAndSet(null, e != null ? e
                                        : new IllegalStateException("product " + index + ": " + r.statusCode() + " "
                                                + r.body()));
                            } else {
                                ids[index] = field(r.body(), "id");
                            }
                            inFlight.release();
                        });
            }
            if (!inFlight.tryAcquire(8, 120, TimeUnit.SECONDS) || failure.get() != null) {
                throw new IllegalStateException("could not create the products", failure.get());
            }
            productIds.addAll(List.of(ids));
        }

        private Step step(double rate, Duration duration, boolean measured) throws InterruptedException {
            Step s = new Step();
            s.rate = rate;
            s.loadBefore = loadAverage();
            restLatency.getIntervalHistogram();
            clients.takeLatencies();
            Map<String, GatewayProbe> probes = processes();
            Map<String, Long> cpu0 = new HashMap<>();
            probes.forEach((name, probe) -> cpu0.put(name, probe.cpuNanos()));
            long postgres0 = postgresCpuNanos();
            long self0 = SELF_PROBE.cpuNanos();
            Map<String, Long> jit0 = new HashMap<>();
            probes.forEach((name, probe) -> jit0.put(name, probe.compilerCpuNanos()));
            jit0.put(SELF, SELF_PROBE.compilerCpuNanos());
            Map<String, long[]> switches0 = contextSwitches(probes);
            RoundTripSampler.Snapshot roundTrips0 = roundTrips.snapshot();
            double[] selfGc0 = GcPauses.ofThisJvm();
            long[] machine0 = GatewayProbe.machineTicks();
            long frames0 = clients.frames();
            Map<String, Map<String, Double>> metrics0 = new java.util.LinkedHashMap<>();
            probes.forEach((name, probe) -> metrics0.put(name, probe.metrics()));
            Map<String, Double> inventory0 = metrics0.get(StockPulseService.INVENTORY.moduleName());

            AtomicLong ok = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicReference<String> firstError = new AtomicReference<>();
            AtomicLong lastCompletion = new AtomicLong();
            Semaphore inFlight = new Semaphore(o.maxInFlight);
            long count = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
            double periodNanos = 1e9 / rate;
            long start = System.nanoTime();
            long startMicros = BenchClock.micros();
            long notSent = 0;
            for (long k = 0; k < count; k++) {
                long due = start + (long) (k * periodNanos);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (!inFlight.tryAcquire()) {
                    notSent++;
                    continue;
                }
                long seq = sequence++;
                int product = (int) (seq % o.products);
                long round = seq / o.products;
                // Open loop: the request's time starts when it was due, so a late sender does not hide queueing.
                long dueMicros = startMicros + (due - start) / 1000;
                sentAt.put(key(product, round + 1), dueMicros);
                String body = "{\"product_id\":\"" + productIds.get(product) + "\",\"warehouse_id\":\"" + warehouseId
                        + "\",\"quantity\":" + (round + 1) + ",\"reason\":\"receipt\"}";
                restLoad.post(ADJUST_PATH, authorization, body, (status, answer, error) -> {
                    long now = BenchClock.micros();
                    restLatency.recordValue(Math.min(Math.max(0, now - dueMicros), MAX_LATENCY_MICROS));
                    if (error == null && status == 200) {
                        ok.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, error != null ? error.toString() : status + " " + answer);
                    }
                    lastCompletion.accumulateAndGet(System.nanoTime(), Math::max);
                    inFlight.release();
                });
            }
            s.sendSeconds = (System.nanoTime() - start) / 1e9;
            // Every response, then every event of a successful request at every client, or no progress for a while.
            drain(() -> o.maxInFlight - inFlight.availablePermits(), 0);
            drain(() -> ok.get() * clients.open() - (clients.frames() - frames0), 0);

            s.offered = count;
            s.notSent = notSent;
            s.ok = ok.get();
            s.errors = errors.get();
            s.firstError = firstError.get();
            s.eventsExpected = s.ok * clients.open();
            s.eventsReceived = clients.frames() - frames0;
            s.completionSeconds = lastCompletion.get() > start ? (lastCompletion.get() - start) / 1e9 : s.sendSeconds;
            Histogram rest = restLatency.getIntervalHistogram();
            Histogram e2e = clients.takeLatencies();
            s.restP50 = millisAt(rest, 50);
            s.restP99 = millisAt(rest, 99);
            s.e2eP50 = millisAt(e2e, 50);
            s.e2eP99 = millisAt(e2e, 99);
            s.e2eMax = e2e.getTotalCount() > 0 ? e2e.getMaxValue() / 1000.0 : Double.NaN;
            long adjustments = Math.max(1, s.ok);
            probes.forEach((name, probe) -> s.cpuMillisPerAdjustment.put(name,
                    (probe.cpuNanos() - cpu0.get(name)) / 1e6 / adjustments));
            long postgres1 = postgresCpuNanos();
            s.cpuMillisPerAdjustment.put("postgres", postgres0 < 0 || postgres1 < 0 ? Double.NaN
                    : (postgres1 - postgres0) / 1e6 / adjustments);
            s.cpuMillisPerAdjustment.put(SELF, (SELF_PROBE.cpuNanos() - self0) / 1e6 / adjustments);
            probes.forEach((name, probe) -> s.jitMillisPerAdjustment.put(name,
                    (probe.compilerCpuNanos() - jit0.get(name)) / 1e6 / adjustments));
            s.jitMillisPerAdjustment.put(SELF, (SELF_PROBE.compilerCpuNanos() - jit0.get(SELF)) / 1e6 / adjustments);
            s.roundTrip = RoundTripSampler.Between.of(roundTrips0, roundTrips.snapshot());
            contextSwitches(probes).forEach((name, after) -> {
                long[] before = switches0.getOrDefault(name, after);
                s.wakeupsPerAdjustment.put(name, (after[0] - before[0]) / (double) adjustments);
                s.preemptionsPerAdjustment.put(name, (after[1] - before[1]) / (double) adjustments);
            });
            Map<String, Map<String, Double>> metrics1 = new java.util.LinkedHashMap<>();
            probes.forEach((name, probe) -> metrics1.put(name, probe.metrics()));
            metrics1.forEach((name, after) -> s.gcPauses.put(name, GcPauses.between(metrics0.get(name), after)));
            s.gcPauses.put(SELF, GcPauses.between(selfGc0, GcPauses.ofThisJvm()));
            Map<String, Double> inventoryMetrics = metrics1.get(StockPulseService.INVENTORY.moduleName());
            s.relayLagMean = meanMillis(inventory0, inventoryMetrics, "stockpulse_outbox_relay_lag_seconds");
            s.relayLagP50 = 1000 * GatewayProbe.quantileBetween(inventory0, inventoryMetrics,
                    "stockpulse_outbox_relay_lag_seconds", 0.50);
            s.relayLagP99 = 1000 * GatewayProbe.quantileBetween(inventory0, inventoryMetrics,
                    "stockpulse_outbox_relay_lag_seconds", 0.99);
            s.poolWaitMillis = meanMillis(inventory0, inventoryMetrics, "sql_pool_queue_delay_seconds");
            s.poolHoldMillis = meanMillis(inventory0, inventoryMetrics, "sql_pool_usage_seconds");
            s.statementMillis = meanMillis(inventory0, inventoryMetrics, "postgresql_processing_seconds");
            s.statementsPerAdjustment = (GatewayProbe.sum(inventoryMetrics, "postgresql_processing_seconds_count", null)
                    - GatewayProbe.sum(inventory0, "postgresql_processing_seconds_count", null)) / adjustments;
            long[] machine1 = GatewayProbe.machineTicks();
            s.machineBusy = GatewayProbe.busyPercent(machine0, machine1);
            s.loadAfter = loadAverage();
            s.held = s.errors == 0 && s.notSent == 0 && s.eventsReceived >= s.eventsExpected
                    && s.achieved() >= 0.95 * rate && s.e2eP99 < o.heldP99.toMillis();
            say(String.format("%s %s/s: offered %d, not sent %d, ok %d, errors %d%s; achieved %.0f/s; REST p50 %.1f"
                    + " p99 %.1f ms; request->event p50 %.1f p99 %.1f max %.1f ms; relay lag (insert->Kafka ack) mean"
                    + " %.1f ms, p50 <= %.1f p99 <= %.1f ms; pool wait %.1f ms, hold %.1f ms per use;"
                    + " SQL statement %.2f ms, %.1f per adjustment; events %d of %d; CPU ms per adjustment %s"
                    + " (of it JIT compilers %s); wake-ups per adjustment %s, preempted %s; GC pauses %s;"
                    + " a loopback round trip %.1f µs, %.1f µs of CPU; machine busy %.0f%%;"
                    + " load average %s -> %s; %s",
                    measured ? "step" : "warm-up", GatewayBench.rateLabel(rate), s.offered, s.notSent, s.ok, s.errors,
                    s.firstError == null ? "" : " (first: " + abbreviate(s.firstError) + ")", s.achieved(), s.restP50,
                    s.restP99, s.e2eP50, s.e2eP99, s.e2eMax, s.relayLagMean, s.relayLagP50, s.relayLagP99,
                    s.poolWaitMillis, s.poolHoldMillis, s.statementMillis, s.statementsPerAdjustment, s.eventsReceived,
                    s.eventsExpected, format(s.cpuMillisPerAdjustment), format(s.jitMillisPerAdjustment),
                    format(s.wakeupsPerAdjustment), format(s.preemptionsPerAdjustment), s.gcPauses,
                    s.roundTrip.micros(), s.roundTrip.cpuMicros(), s.machineBusy, s.loadBefore, s.loadAfter,
                    s.held ? "held" : "NOT held"));
            return s;
        }

        /** Waits until {@code remaining} reaches {@code goal}, or it made no progress for the drain timeout. */
        private void drain(java.util.function.LongSupplier remaining, long goal) {
            long last = Long.MIN_VALUE;
            long lastProgress = System.nanoTime();
            long hardDeadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < hardDeadline) {
                long now = remaining.getAsLong();
                if (now <= goal) {
                    return;
                }
                if (now != last) {
                    last = now;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > o.drainTimeout.toNanos()) {
                    say("  (stopped waiting: " + now + " still outstanding, nothing new for "
                            + o.drainTimeout.toSeconds() + " s)");
                    return;
                }
                GatewayProbe.sleep(20);
            }
        }

        /** The send time of the request a {@code inventory.stock.updated} frame reports, or -1 for any other frame. */
        long sendTimeOf(byte[] bytes, int from, int to) {
            String frame = new String(bytes, from, to - from, StandardCharsets.UTF_8);
            if (!frame.contains("\"inventory.stock.updated\"")) {
                return -1;
            }
            int sku = frame.indexOf("\"product_sku\":\"" + SKU_PREFIX);
            int delta = frame.indexOf("\"delta\":");
            if (sku < 0 || delta < 0) {
                return -1;
            }
            long product = digits(frame, sku + 15 + SKU_PREFIX.length());
            long round = digits(frame, delta + 8);
            Long sent = product < 0 || round < 0 ? null : sentAt.get(key(product, round));
            return sent == null ? -1 : sent;
        }

        private PgbenchResult runPgbench(int pgClients, int rate) throws Exception {
            Path script = Files.createTempFile("stockpulse-adjust-", ".sql");
            try (InputStream in = EndToEndBench.class.getResourceAsStream("/pgbench/adjust.sql")) {
                Files.write(script, in.readAllBytes());
            }
            List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared", "-f", script.toString(),
                    "-c", Integer.toString(pgClients), "-j", Integer.toString(Math.min(pgClients, 2)),
                    "-T", Long.toString(Math.max(1, o.pgbench.toSeconds())),
                    "-D", "tenant=" + tenant, "-D", "warehouse=" + warehouseId, "-D", "products=" + o.products,
                    "-h", infrastructure.postgresHost(), "-p", Integer.toString(infrastructure.postgresPort()),
                    "-U", infrastructure.username(), "inventory"));
            if (rate > 0) {
                command.addAll(1, List.of("-R", Integer.toString(rate)));
            }
            String load = loadAverage();
            long postgres0 = postgresCpuNanos();
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("PGPASSWORD", infrastructure.password());
            String out;
            try {
                Process p = pb.start();
                out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(o.pgbench.toSeconds() + 60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                say("pgbench could not run (" + e.getMessage() + "); install PostgreSQL's client tools");
                return new PgbenchResult(pgClients, rate, Double.NaN, Double.NaN, Double.NaN);
            } finally {
                Files.deleteIfExists(script);
            }
            long postgres1 = postgresCpuNanos();
            Matcher tps = TPS.matcher(out);
            Matcher latency = LATENCY.matcher(out);
            Matcher transactions = TRANSACTIONS.matcher(out);
            long done = transactions.find() ? Long.parseLong(transactions.group(1)) : 0;
            PgbenchResult r = new PgbenchResult(pgClients, rate, tps.find() ? Double.parseDouble(tps.group(1)) : Double.NaN,
                    latency.find() ? Double.parseDouble(latency.group(1)) : Double.NaN,
                    done > 0 && postgres0 >= 0 && postgres1 >= 0 ? (postgres1 - postgres0) / 1e6 / done : Double.NaN);
            say(String.format("pgbench, %s, %d s: %.0f transactions/s, latency average %.2f ms, PostgreSQL CPU"
                    + " %.2f ms per transaction; load average %s -> %s%s", r.label(), o.pgbench.toSeconds(), r.tps(),
                    r.latencyMillis(), r.postgresCpuMillis(), load, loadAverage(),
                    Double.isNaN(r.tps()) ? "\n" + out : ""));
            return r;
        }

        private void printSummary() {
            StringBuilder s = new StringBuilder("\n==== end-to-end summary ====\n");
            s.append("machine: ").append(GatewayBench.Machine.describe()).append('\n');
            s.append("after the steps: ").append(atEnd).append('\n');
            s.append("options: ").append(o).append('\n');
            s.append(String.format("%-8s %-8s %-9s %-17s %-23s %-7s %-15s %-10s %s%n", "offered", "achieved",
                    "errors", "REST p50/p99 ms", "request->WS p50/p99 ms", "held", "events", "busy", "load avg"));
            double best = 0;
            for (Step st : steps) {
                s.append(String.format("%-8s %-8.0f %-9s %-17s %-23s %-7s %-15s %-10s %s%n",
                        GatewayBench.rateLabel(st.rate), st.achieved(), st.errors + "+" + st.notSent,
                        String.format("%.1f / %.1f", st.restP50, st.restP99),
                        String.format("%.1f / %.1f", st.e2eP50, st.e2eP99), st.held ? "yes" : "NO",
                        st.eventsReceived + "/" + st.eventsExpected, String.format("%.0f%%", st.machineBusy),
                        st.loadBefore + " -> " + st.loadAfter));
                s.append(String.format("         relay lag mean %.1f ms, p50/p99 <= %.1f / %.1f ms;"
                        + " pool wait %.1f ms, hold %.1f ms; SQL statement %.2f ms x %.1f; CPU ms per adjustment: %s%n",
                        st.relayLagMean, st.relayLagP50, st.relayLagP99, st.poolWaitMillis, st.poolHoldMillis,
                        st.statementMillis, st.statementsPerAdjustment, format(st.cpuMillisPerAdjustment)));
                s.append(String.format("         of it JIT compilers: %s%n", format(st.jitMillisPerAdjustment)));
                s.append(String.format("         wake-ups per adjustment: %s; preempted: %s%n",
                        format(st.wakeupsPerAdjustment), format(st.preemptionsPerAdjustment)));
                s.append(String.format("         a loopback round trip during the step: %.1f µs, %.1f µs of CPU%n",
                        st.roundTrip.micros(), st.roundTrip.cpuMicros()));
                s.append(String.format("         GC pauses: %s%n", st.gcPauses.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "))));
                if (st.held) {
                    best = Math.max(best, st.rate);
                }
            }
            double pg = pgbench.stream().mapToDouble(PgbenchResult::tps).filter(d -> !Double.isNaN(d)).max().orElse(0);
            for (PgbenchResult r : pgbench) {
                s.append(String.format("pgbench %s: %.0f transactions/s (latency average %.2f ms, PostgreSQL"
                        + " CPU %.2f ms per transaction)%n", r.label(), r.tps(), r.latencyMillis(),
                        r.postgresCpuMillis()));
            }
            s.append(String.format("highest step held: %s adjustments/s%s%n",
                    best > 0 ? GatewayBench.rateLabel(best) : "none",
                    pg > 0 ? String.format(" = %.0f %% of pgbench's best (%.0f/s)", 100 * best / pg, pg) : ""));
            System.out.println(s);
        }

        private HttpRequest request(String url, String json) {
            return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        }

        private String post(String url, String json) throws Exception {
            HttpResponse<String> r = http.send(request(url, json), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + " " + r.body());
            }
            return r.body();
        }

        /** PostgreSQL's CPU: the postmaster of this run's port and every backend, live or exited; -1 if not found. */
        private long postgresCpuNanos() {
            return postmaster()
                    .map(postmaster -> cpuTicks(postmaster.pid(), true) + postmaster.descendants()
                            .mapToLong(child -> cpuTicks(child.pid(), false)).sum())
                    .map(ticks -> ticks * 1_000_000_000L / GatewayProbe.clockTicks())
                    .orElse(-1L);
        }

        /** The postmaster of this run's PostgreSQL, found by its port among its arguments. */
        private Optional<ProcessHandle> postmaster() {
            String port = Integer.toString(infrastructure.postgresPort());
            return ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false)
                            && p.info().arguments().map(a -> List.of(a).contains(port)).orElse(false))
                    .findFirst();
        }

        /**
         * Context switches so far ({voluntary, involuntary}) of each service, of PostgreSQL (the postmaster and its
         * live backends) and of this JVM, in the order of the CPU figures.
         */
        private Map<String, long[]> contextSwitches(Map<String, GatewayProbe> probes) {
            Map<String, long[]> switches = new java.util.LinkedHashMap<>();
            probes.forEach((name, probe) -> switches.put(name, probe.contextSwitches()));
            postmaster().ifPresent(postmaster -> {
                long[] sum = GatewayProbe.contextSwitches(postmaster.pid());
                postmaster.descendants().forEach(child -> {
                    long[] c = GatewayProbe.contextSwitches(child.pid());
                    sum[0] += c[0];
                    sum[1] += c[1];
                });
                switches.put("postgres", sum);
            });
            switches.put(SELF, SELF_PROBE.contextSwitches());
            return switches;
        }

        private void stopAll() {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            if (roundTrips != null) {
                roundTrips.close();
            }
            if (clients != null) {
                clients.close();
            }
            if (restLoad != null) {
                restLoad.close();
            }
            if (system != null) {
                system.close();
            }
            if (infrastructure != null) {
                infrastructure.close();
            }
        }
    }

    /** utime + stime (and, with {@code children}, the CPU of its exited children) of a process, in clock ticks. */
    static long cpuTicks(long pid, boolean children) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return children ? ticks + Long.parseLong(f[13]) + Long.parseLong(f[14]) : ticks;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long key(long product, long delta) {
        return (product << 32) | delta;
    }

    private static long digits(String s, int from) {
        long value = 0;
        int n = 0;
        for (int i = from; i < s.length() && Character.isDigit(s.charAt(i)); i++, n++) {
            value = value * 10 + (s.charAt(i) - '0');
        }
        return n > 0 ? value : -1;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    /** Mean of a Micrometer timer between two scrapes ({@code _sum} ÷ {@code _count}), in ms; NaN without samples. */
    static double meanMillis(Map<String, Double> before, Map<String, Double> after, String timer) {
        double count = GatewayProbe.sum(after, timer + "_count", null) - GatewayProbe.sum(before, timer + "_count", null);
        double sum = GatewayProbe.sum(after, timer + "_sum", null) - GatewayProbe.sum(before, timer + "_sum", null);
        return count > 0 ? 1000 * sum / count : Double.NaN;
    }

    private static double millisAt(Histogram h, double percentile) {
        return h.getTotalCount() > 0 ? h.getValueAtPercentile(percentile) / 1000.0 : Double.NaN;
    }

    private static String format(Map<String, Double> cpu) {
        StringBuilder s = new StringBuilder();
        cpu.forEach((name, ms) -> s.append(s.isEmpty() ? "" : ", ").append(name).append(' ')
                .append(String.format("%.2f", ms)));
        return s.toString();
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void say(String message) {
        System.out.println("[e2e " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
