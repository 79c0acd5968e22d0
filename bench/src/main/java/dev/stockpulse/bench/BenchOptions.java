package dev.stockpulse.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** Command-line settings of the benchmark: {@code --name=value}, every one with a default. */
final class BenchOptions {

    static final String USAGE = """
            Gateway benchmark: N WebSocket clients of one tenant, events produced into inventory-events, measured end to
            end; with --mode=idle, what idle connections cost the gateway; with --mode=intake, what reading events
            costs it with no client connected. Options (--name=value):
              --mode=load                load: events at --rates, measured end to end; idle: no events, the gateway's
                                         CPU and memory with 0 and each of --idle-steps idle connections; intake: no
                                         clients, events at --rates, the gateway's CPU per event read; storm: all
                                         --clients connect at once, then reconnect at once with since= after a
                                         gateway restart (every event checked at every client)
              --idle-steps=              idle mode: connection counts to measure at, ascending, comma-separated
                                         (default: --clients; the last one sets --clients); 0 is always measured first
              --idle-time=75s            idle mode: CPU window at each step (3 of the gateway's 25 s ping intervals)
              --idle-warmup=             idle mode: connections opened and closed again before the step of 0, so that
                                         what the first thousands of connections cost once (JIT-compiled code, heap
                                         the collector grew into) is not charged per connection (default: the first
                                         step; 0 measures from a cold start)
              --storm-events=100         storm mode: events produced in each of its phases (live after the connect
                                         storm; while the clients are away and live during each warm reconnect; while
                                         the gateway is down and live during the reconnect after its restart), at the
                                         first of --rates (as fast as possible while away or down)
              --storm-warm-reconnects=1  storm mode: times that, before the restart, every client drops its
                                         connection and all reconnect at once with since= to the same, still running
                                         gateway (a fleet's other instance taking a failed one's clients; the
                                         restart's best case); 0 for none
              --storm-warmup=0           storm mode: connect storms of --clients opened and closed again before the
                                         measured one, so that it runs JIT-compiled code (0: after the usual 50
                                         warm-up connections only, as a freshly started gateway meets it)
              --jfr=false                storm mode: record the gateway with Java Flight Recorder (settings=profile)
                                         during the connect storm and during the reconnect storm, into
                                         bench/target/bench-logs/storm-*.jfr
              --nmt=false                idle mode: start the gateway with -XX:NativeMemoryTracking=summary and print
                                         its committed memory by category (it costs the gateway a little memory itself)
              --dialect=ws               what the clients speak: ws (/ws?channels=stock), socketio (/socket.io/,
                                         Engine.IO v4 + Socket.IO v5 over WebSocket; every channel), smart-inventory
                                         (seed 000's /stream/ws?channels=stock) or inventory-socket (seed 004's
                                         /ws/inventory)
              --clients=2000             WebSocket clients (one tenant; distinct users unless --users is smaller)
              --users=0                  distinct users among the clients (0 = one user per client)
              --tenant=bench             tenant of every client and event (the prefix of each with --tenants)
              --tenants=1                tenants the clients and events are spread over, round robin (e.g. 100 with
                                         --clients=2000: many small rooms of 20); named <tenant>-000, -001... when > 1
              --rates=40                 events/s of each measured run, comma-separated (e.g. 20,40,80); 0 = as fast
                                         as possible (then --events caps the run, default 1000)
              --duration=20s             length of each measured run (the producer stops after it)
              --events=0                 at most this many events per run (0 = no cap besides --duration)
              --warmup=10s               events at the first rate before measuring (JIT of both sides), not counted
              --payload-bytes=300        approximate size of the event payload (JSON) a client receives in 'data'
              --client-loops=2           selector threads of the load generator's WebSocket clients
              --connect-concurrency=100  WebSocket handshakes in flight at once (storm mode: --clients, all at once)
              --settle=3s                pause after connecting (and between runs) before measuring; 30s in idle mode,
                                         so that the JIT has compiled what the connects needed
              --drain-timeout=20s        after a run, how long to wait without progress for the last frames
              --heap-samples=3           GC + heap readings per heap measurement (the median is used)
              --heap-histogram=true      also print which classes the idle connections' heap is made of
              --outbound-buffer-bytes=1048576  GATEWAY_LIMITS_OUTBOUND_BUFFER_BYTES of the gateway (its default)
              --coalesce-window=60ms     GATEWAY_DELIVERY_COALESCE_WINDOW of the gateway (its default)
              --gateway-java-opts=       JVM options for the gateway, comma-separated, e.g. -XX:+PrintCompilation
                                         (given to it as JAVA_OPTS_APPEND, as the container image reads it)
              --kafka=                   use this broker (host:port, topics must exist) instead of starting one
              --root=                    repository root (default: found from the working directory)
              --help
            """;

    Mode mode = Mode.LOAD;
    List<Integer> idleSteps = List.of();
    Duration idleTime = Duration.ofSeconds(75);
    int idleWarmup = -1;
    boolean nmt;
    int stormEvents = 100;
    int stormWarmup = 0;
    int stormWarmReconnects = 1;
    boolean jfr;
    Dialect dialect = Dialect.WS;
    int clients = 2000;
    int users = 0;
    String tenant = "bench";
    int tenants = 1;
    List<Double> rates = List.of(40.0);
    Duration duration = Duration.ofSeconds(20);
    long events = 0;
    Duration warmup = Duration.ofSeconds(10);
    int payloadBytes = 300;
    int clientLoops = 2;
    int connectConcurrency = 100;
    Duration settle = Duration.ofSeconds(3);
    Duration drainTimeout = Duration.ofSeconds(20);
    int heapSamples = 3;
    boolean heapHistogram = true;
    long outboundBufferBytes = 1_048_576;
    Duration coalesceWindow = Duration.ofMillis(60);
    List<String> gatewayJavaOpts = List.of();
    String kafka = "";
    Path root;
    boolean help;

    /**
     * The {@code --name=value} options of a bench's command line by name, in order; {@code --name} alone is
     * {@code true}. An argument may hold several, separated by spaces (as {@code exec.args} passes them).
     */
    static Map<String, String> named(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            for (String part : arg.trim().split("\\s+")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (!part.startsWith("--")) {
                    throw new IllegalArgumentException("expected --name=value, got '" + part + "'");
                }
                int eq = part.indexOf('=');
                given.put(eq < 0 ? part.substring(2) : part.substring(2, eq), eq < 0 ? "true" : part.substring(eq + 1));
            }
        }
        return given;
    }

    static BenchOptions parse(String[] args) {
        Map<String, String> given = named(args);
        BenchOptions o = new BenchOptions();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "mode" -> o.mode = Mode.valueOf(v.toUpperCase(java.util.Locale.ROOT));
                case "idle-steps" -> o.idleSteps = counts(v);
                case "idle-time" -> o.idleTime = duration(v);
                case "idle-warmup" -> o.idleWarmup = Integer.parseInt(v);
                case "nmt" -> o.nmt = Boolean.parseBoolean(v);
                case "storm-events" -> o.stormEvents = positive(e.getKey(), Integer.parseInt(v));
                case "storm-warmup" -> o.stormWarmup = Integer.parseInt(v);
                case "storm-warm-reconnects" -> o.stormWarmReconnects = Integer.parseInt(v);
                case "jfr" -> o.jfr = Boolean.parseBoolean(v);
                case "dialect" -> o.dialect = Dialect.ofOption(v);
                case "clients" -> o.clients = positive(e.getKey(), Integer.parseInt(v));
                case "users" -> o.users = Integer.parseInt(v);
                case "tenant" -> o.tenant = v;
                case "tenants" -> o.tenants = positive(e.getKey(), Integer.parseInt(v));
                case "rates", "rate" -> o.rates = commaList("rates", v, Double::parseDouble, r -> r >= 0, ">= 0");
                case "duration" -> o.duration = duration(v);
                case "events" -> o.events = Long.parseLong(v);
                case "warmup" -> o.warmup = duration(v);
                case "payload-bytes" -> o.payloadBytes = positive(e.getKey(), Integer.parseInt(v));
                case "client-loops" -> o.clientLoops = positive(e.getKey(), Integer.parseInt(v));
                case "connect-concurrency" -> o.connectConcurrency = positive(e.getKey(), Integer.parseInt(v));
                case "settle" -> o.settle = duration(v);
                case "drain-timeout" -> o.drainTimeout = duration(v);
                case "heap-samples" -> o.heapSamples = positive(e.getKey(), Integer.parseInt(v));
                case "heap-histogram" -> o.heapHistogram = Boolean.parseBoolean(v);
                case "outbound-buffer-bytes" -> o.outboundBufferBytes = Long.parseLong(v);
                case "coalesce-window" -> o.coalesceWindow = duration(v);
                case "gateway-java-opts" -> o.gatewayJavaOpts = List.of(v.split(","));
                case "kafka" -> o.kafka = v;
                case "root" -> o.root = Path.of(v);
                case "help" -> o.help = true;
                default -> throw new IllegalArgumentException("unknown option --" + e.getKey() + "\n" + USAGE);
            }
        }
        if (o.mode == Mode.IDLE && !given.containsKey("settle")) {
            o.settle = Duration.ofSeconds(30);
        }
        if (o.mode != Mode.INTAKE && o.tenants > o.clients) {
            throw new IllegalArgumentException("--tenants (" + o.tenants + ") cannot exceed --clients (" + o.clients
                    + "): every tenant needs a client");
        }
        if (o.mode == Mode.STORM && o.dialect != Dialect.WS) {
            throw new IllegalArgumentException("--mode=storm speaks /ws only (it resumes with ?since=)");
        }
        if (o.mode == Mode.STORM && o.tenants != 1) {
            throw new IllegalArgumentException("--mode=storm checks every event at every client: one tenant only");
        }
        if (o.mode == Mode.STORM && !given.containsKey("connect-concurrency")) {
            o.connectConcurrency = o.clients;
        }
        if (o.idleSteps.isEmpty()) {
            o.idleSteps = List.of(o.clients);
        } else if (o.mode == Mode.IDLE) {
            o.clients = o.idleSteps.get(o.idleSteps.size() - 1);
        }
        if (o.idleWarmup < 0) {
            o.idleWarmup = o.idleSteps.get(0);
        }
        if (o.users <= 0 || o.users > o.clients) {
            o.users = o.clients;
        }
        if (o.root == null) {
            o.root = findRoot();
        }
        return o;
    }

    /** Connections one user holds at most in this run. */
    int connectionsPerUser() {
        return (clients + users - 1) / users;
    }

    /** The tenants of this run: {@code --tenant} alone, or {@code --tenants} of them named after it. */
    List<String> tenantIds() {
        if (tenants == 1) {
            return List.of(tenant);
        }
        List<String> ids = new ArrayList<>(tenants);
        for (int i = 0; i < tenants; i++) {
            ids.add(String.format("%s-%03d", tenant, i));
        }
        return ids;
    }

    /** Events of a run at {@code rate} (0 = as fast as possible). */
    long eventCap(double rate) {
        if (events > 0) {
            return events;
        }
        return rate <= 0 ? 1000 : Long.MAX_VALUE;
    }

    /** What a session measures. */
    enum Mode {
        /** Events at each rate, delivered to the clients: throughput, latency, CPU per delivery. */
        LOAD,
        /** No events: the gateway's CPU and memory with idle connections. */
        IDLE,
        /** No clients: the gateway's CPU per event read from Kafka, which every instance pays for every event. */
        INTAKE,
        /** Every client connects at once, and after a gateway restart reconnects at once with its last position. */
        STORM
    }

    private static List<Integer> counts(String v) {
        List<Integer> list = new ArrayList<>();
        for (String c : v.split(",")) {
            if (!c.isBlank()) {
                int count = positive("idle-steps", Integer.parseInt(c.trim()));
                if (!list.isEmpty() && count <= list.get(list.size() - 1)) {
                    throw new IllegalArgumentException("--idle-steps must ascend, got " + v);
                }
                list.add(count);
            }
        }
        return list;
    }

    /**
     * The values of a comma-separated option, each parsed and checked: at least one, else an error naming the option
     * and what a value must be.
     */
    static <T> List<T> commaList(String option, String v, Function<String, T> parse, Predicate<T> valid,
            String requirement) {
        List<T> list = new ArrayList<>();
        for (String item : v.split(",")) {
            if (!item.isBlank()) {
                T value = parse.apply(item.trim());
                if (!valid.test(value)) {
                    throw new IllegalArgumentException("--" + option + ": each value is " + requirement + ", got " + item.trim());
                }
                list.add(value);
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("--" + option + " needs at least one value");
        }
        return list;
    }

    static Duration duration(String v) {
        String s = v.trim().toLowerCase();
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        if (s.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
        }
        if (s.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("--" + name + " must be > 0");
        }
        return value;
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("realtime-gateway/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("Run from inside the StockPulse repository, or pass --root=<path>");
    }

    @Override
    public String toString() {
        String idle = mode == Mode.IDLE ? " idle-steps=" + idleSteps + " idle-time=" + idleTime.toMillis() / 1000.0
                + "s idle-warmup=" + idleWarmup + " nmt=" + nmt : "";
        String storm = mode == Mode.STORM ? " storm-events=" + stormEvents + " storm-warmup=" + stormWarmup
                + " storm-warm-reconnects=" + stormWarmReconnects + " connect-concurrency=" + connectConcurrency
                + " jfr=" + jfr : "";
        return "mode=" + mode.name().toLowerCase(java.util.Locale.ROOT) + idle + storm + " dialect=" + dialect.option()
                + " clients=" + clients + " users=" + users + " tenant=" + tenant + " tenants=" + tenants
                + " rates=" + rates + " duration="
                + duration.toMillis() / 1000.0 + "s events=" + (events == 0 ? "-" : events) + " warmup="
                + warmup.toMillis() / 1000.0 + "s payload-bytes=" + payloadBytes + " client-loops=" + clientLoops
                + " outbound-buffer-bytes=" + outboundBufferBytes + " coalesce-window=" + coalesceWindow.toMillis() + "ms"
                + (gatewayJavaOpts.isEmpty() ? "" : " gateway-java-opts=" + String.join(",", gatewayJavaOpts));
    }
}
