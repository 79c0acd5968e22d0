package dev.stockpulse.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line settings of {@link EndToEndBench}: {@code --name=value}, every one with a default. */
final class EndToEndOptions {

    static final String USAGE = """
            End-to-end benchmark: REST stock adjustments at fixed open-loop rates, timed until a WebSocket client of the
            tenant receives each one's inventory.stock.updated; the three services from their packaged jars on a real
            Kafka and PostgreSQL; then pgbench running the adjustment's SQL on the same database.
            Options (--name=value):
              --rates=100,500,1000       adjustments/s of each measured step, comma-separated
              --duration=20s             length of each step (requests are sent for this long)
              --warmup=20s               adjustments at the first rate before measuring, not counted (0 = the first
                                         step runs right after the services are ready and the products exist)
              --products=1000            products adjusted round-robin (one warehouse), so that per-product locks
                                         and per-key order do not serialise the load
              --clients=1                WebSocket clients of the tenant on /ws?channels=stock (each gets every event)
              --max-in-flight=2000       requests outstanding at most; a send beyond it is counted as not sent
              --settle=2s                pause between steps
              --drain-timeout=20s        after a step, how long to wait without progress for responses and events
              --held-p99=1000ms          a step is held when every request succeeded, every event arrived, the
                                         completions kept up (>= 95 % of offered) and request-to-event p99 is below this
              --pgbench=20s              length of each pgbench run of the adjustment's SQL after the steps (0 = none)
              --pgbench-clients=8,20     pgbench client counts, one run each (20 = inventory-service's pool size)
              --pgbench-rates=0          pgbench's rates in transactions/s, each client count at each (0 = as fast as
                                         it goes; a step's rate shows what the database alone spends per transaction
                                         at that rate)
              --service-env=             extra environment of every service, K=V;K=V (e.g.
                                         QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE=40)
              --root=                    repository root (default: found from the working directory)
              --help
            """;

    List<Double> rates = List.of(100.0, 500.0, 1000.0);
    Duration duration = Duration.ofSeconds(20);
    Duration warmup = Duration.ofSeconds(20);
    int products = 1000;
    int clients = 1;
    int maxInFlight = 2000;
    Duration settle = Duration.ofSeconds(2);
    Duration drainTimeout = Duration.ofSeconds(20);
    Duration heldP99 = Duration.ofSeconds(1);
    Duration pgbench = Duration.ofSeconds(20);
    List<Integer> pgbenchClients = List.of(8, 20);
    List<Integer> pgbenchRates = List.of(0);
    Map<String, String> serviceEnv = Map.of();
    Path root;
    boolean help;

    static EndToEndOptions parse(String[] args) {
        Map<String, String> given = BenchOptions.named(args);
        EndToEndOptions o = new EndToEndOptions();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "rates", "rate" -> o.rates = BenchOptions.commaList("rates", v, Double::parseDouble, r -> r > 0, "> 0");
                case "duration" -> o.duration = BenchOptions.duration(v);
                case "warmup" -> o.warmup = BenchOptions.duration(v);
                case "products" -> o.products = positive(e.getKey(), Integer.parseInt(v));
                case "clients" -> o.clients = positive(e.getKey(), Integer.parseInt(v));
                case "max-in-flight" -> o.maxInFlight = positive(e.getKey(), Integer.parseInt(v));
                case "settle" -> o.settle = BenchOptions.duration(v);
                case "drain-timeout" -> o.drainTimeout = BenchOptions.duration(v);
                case "held-p99" -> o.heldP99 = BenchOptions.duration(v);
                case "pgbench" -> o.pgbench = BenchOptions.duration(v);
                case "pgbench-clients" -> o.pgbenchClients = BenchOptions.commaList(e.getKey(), v, Integer::parseInt,
                        n -> n > 0, "> 0");
                case "pgbench-rates" -> o.pgbenchRates = BenchOptions.commaList(e.getKey(), v, Integer::parseInt,
                        r -> r >= 0, ">= 0 (0 = as fast as it goes)");
                case "service-env" -> o.serviceEnv = environment(v);
                case "root" -> o.root = Path.of(v);
                case "help" -> o.help = true;
                default -> throw new IllegalArgumentException("unknown option --" + e.getKey() + "\n" + USAGE);
            }
        }
        if (o.root == null) {
            o.root = findRoot();
        }
        return o;
    }

    private static Map<String, String> environment(String v) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : v.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--service-env takes K=V;K=V, got '" + pair + "'");
            }
            env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return env;
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("--" + name + " must be > 0");
        }
        return value;
    }

    private static Path findRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("inventory-service/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("Run from inside the StockPulse repository, or pass --root=<path>");
    }

    @Override
    public String toString() {
        return "rates=" + rates + " duration=" + duration.toMillis() / 1000.0 + "s warmup=" + warmup.toMillis() / 1000.0
                + "s products=" + products + " clients=" + clients + " max-in-flight=" + maxInFlight + " held-p99="
                + heldP99.toMillis() + "ms pgbench=" + pgbench.toMillis() / 1000.0 + "s pgbench-clients="
                + pgbenchClients + (pgbenchRates.equals(List.of(0)) ? "" : " pgbench-rates=" + pgbenchRates)
                + (serviceEnv.isEmpty() ? "" : " service-env=" + serviceEnv);
    }
}
