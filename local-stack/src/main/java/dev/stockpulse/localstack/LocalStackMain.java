package dev.stockpulse.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.stockpulse.localstack.demo.DemoData;
import dev.stockpulse.localstack.demo.DemoLoader;
import dev.stockpulse.localstack.demo.DemoLoader.LoadedTenant;
import dev.stockpulse.localstack.demo.TrafficSimulator;

/**
 * {@code run-local.sh}: in the foreground until SIGINT or SIGTERM, either the whole StockPulse system with demo data
 * and simulated traffic ({@code system}), or only Kafka and PostgreSQL for services run with {@code ./mvnw
 * quarkus:dev} ({@code infra}). Kafka prefers port 9092 and PostgreSQL 5432; when those are taken, free ports are
 * used and printed. {@code ./run-local.sh ctl …} reaches the running launcher through {@link ControlServer}.
 */
public final class LocalStackMain {

    public static final String DEMO_TENANT = DemoData.TENANTS.get(0);

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final long STARTED = startedAt();
    private static volatile boolean stopping;

    private LocalStackMain() {
    }

    /** What the command line asked for. */
    record Options(String mode, boolean demo, boolean traffic, double trafficRate, long seed) {

        static Options parse(List<String> args) {
            String mode = args.isEmpty() ? "system" : args.get(0);
            if (!List.of("system", "infra").contains(mode)) {
                throw new IllegalArgumentException("unknown mode: " + mode);
            }
            boolean demo = true;
            boolean traffic = true;
            double rate = 2;
            long seed = DemoData.DEFAULT_SEED;
            for (int i = 1; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--no-demo" -> demo = false;
                    case "--no-traffic" -> traffic = false;
                    case "--traffic-rate" -> rate = Double.parseDouble(value(args, ++i, "--traffic-rate"));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
                    default -> throw new IllegalArgumentException("unknown argument: " + args.get(i));
                }
            }
            if (!(rate > 0 && rate <= 100)) {
                throw new IllegalArgumentException("--traffic-rate is steps per second, above 0 and at most 100");
            }
            return new Options(mode, demo, traffic && demo, rate, seed);
        }

        private static String value(List<String> args, int i, String flag) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args.get(i);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Options options;
        try {
            options = Options.parse(args.length > 1 ? List.of(args).subList(1, args.length) : List.of());
        } catch (IllegalArgumentException e) {
            System.err.println("[run-local] " + e.getMessage() + " (./run-local.sh --help)");
            System.exit(2);
            return;
        }
        Path logDir = root.resolve(".local-stack/logs");
        say("starting Kafka (KRaft) and PostgreSQL (their logs: " + root.relativize(LauncherLogging.LOG_FILE
                .toAbsolutePath()) + ")");
        Infrastructure infrastructure = LocalStack.start(9092, 5432);
        say("Kafka at " + infrastructure.kafkaBootstrapServers() + ", PostgreSQL at "
                + infrastructure.postgresHost() + ":" + infrastructure.postgresPort());
        List<AutoCloseable> running = new CopyOnWriteArrayList<>();
        running.add(infrastructure);
        running.add(LocalStackMain::stopStrayServices);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            say("stopping" + (options.mode().equals("system") ? " services," : "") + " Kafka and PostgreSQL");
            for (int i = running.size() - 1; i >= 0; i--) {
                try {
                    running.get(i).close();
                } catch (Exception e) {
                    System.err.println("[run-local] " + e);
                }
            }
            say("stopped");
            stopped.countDown();
        }, "local-stack-shutdown"));

        Controls controls;
        if (options.mode().equals("infra")) {
            StockPulseService.all().forEach(s -> s.database().ifPresent(infrastructure::createDatabase));
            controls = new Controls(infrastructure, null);
            running.add(ControlServer.start(root.resolve(".local-stack/control.port"), controls::run));
            printInfra(infrastructure);
        } else {
            LocalSystem system;
            try (Ticker ignored = Ticker.every(Duration.ofSeconds(10),
                    () -> say("the services are starting (their logs: " + root.relativize(logDir) + "/)"))) {
                system = LocalSystem.start(root, infrastructure, Map.of(), logDir, LocalStackMain::say);
            } catch (RuntimeException e) {
                fail("could not start the system: " + e.getMessage());
                return;
            }
            running.add(system);
            controls = new Controls(infrastructure, system);
            running.add(ControlServer.start(root.resolve(".local-stack/control.port"), controls::run));
            if (options.demo()) {
                String inventory = system.service(StockPulseService.INVENTORY).baseUrl();
                List<LoadedTenant> tenants;
                try {
                    tenants = new DemoLoader(inventory).load(DemoData.plan(options.seed()), LocalStackMain::say);
                } catch (RuntimeException e) {
                    fail("could not load the demo data: " + e.getMessage());
                    return;
                }
                if (options.traffic()) {
                    running.add(new TrafficSimulator(tenants, options.seed(), inventory,
                            system.service(StockPulseService.SALES).baseUrl(), LocalStackMain::say)
                            .start(options.trafficRate()));
                    say("simulated traffic: " + options.trafficRate() + " steps a second (sales, receipts, orders, "
                            + "deliveries, now and then a stockout); --traffic-rate changes it, --no-traffic stops it");
                }
            }
            printWelcome(system, logDir, options);
        }
        stopped.await();
    }

    /** After a signal the steps still running fail as their services go away; that is no news to report. */
    private static void fail(String message) {
        if (!stopping) {
            System.err.println("[run-local] " + message);
        }
        System.exit(1);
    }

    /**
     * A signal that comes while the services start finds some of them not yet in a {@link LocalSystem} to close:
     * whatever service JVM this launcher started and is still alive gets SIGTERM too, so no port stays taken.
     */
    private static void stopStrayServices() {
        List<ProcessHandle> services = ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("quarkus-run.jar"))
                .toList();
        services.forEach(ProcessHandle::destroy);
        for (ProcessHandle service : services) {
            try {
                service.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                service.destroyForcibly();
            }
        }
    }

    /** What {@code ./run-local.sh ctl} can ask for. */
    record Controls(Infrastructure infrastructure, LocalSystem system) {

        String run(String command) {
            String[] words = command.split("\\s+");
            switch (words[0]) {
                case "stop-kafka" -> {
                    infrastructure.stopKafka();
                    return say("Kafka stopped (ctl)");
                }
                case "start-kafka" -> {
                    infrastructure.startKafka();
                    return say("Kafka started (ctl)");
                }
                case "stop-postgres" -> {
                    infrastructure.stopPostgres();
                    return say("PostgreSQL stopped (ctl)");
                }
                case "start-postgres" -> {
                    infrastructure.startPostgres();
                    return say("PostgreSQL started (ctl)");
                }
                case "restart" -> {
                    if (system == null) {
                        return "error: no service runs here (infra mode)";
                    }
                    StockPulseService service = words.length == 2 ? StockPulseService.named(words[1]) : null;
                    if (service == null) {
                        return "error: restart which? " + StockPulseService.all().stream()
                                .map(StockPulseService::moduleName).collect(Collectors.joining(", "));
                    }
                    say("restarting " + service.moduleName() + " (ctl)");
                    system.restart(service, READY_TIMEOUT);
                    return say(service.moduleName() + " is ready again at " + system.service(service).baseUrl());
                }
                case "status" -> {
                    int kafkaPort = Integer.parseInt(infrastructure.kafkaBootstrapServers().replaceAll(".*:", ""));
                    StringBuilder status = new StringBuilder()
                            .append(state("Kafka", infrastructure.kafkaBootstrapServers(), kafkaPort))
                            .append(state("PostgreSQL", infrastructure.postgresHost() + ":" + infrastructure.postgresPort(),
                                    infrastructure.postgresPort()));
                    if (system != null) {
                        StockPulseService.all().forEach(service -> {
                            ServiceProcess process = system.service(service);
                            status.append(state(service.moduleName(), process.baseUrl() + " (pid " + process.pid() + ")",
                                    process.port()));
                        });
                    }
                    return status.toString().stripTrailing();
                }
                default -> {
                    return "error: unknown command '" + command + "'; commands: status, stop-kafka, start-kafka, "
                            + "stop-postgres, start-postgres, restart <service>";
                }
            }
        }
    }

    private static String state(String name, String address, int port) {
        return "%-17s %-11s %s%n".formatted(name, FreePorts.isFree(port) ? "down" : "listening", address);
    }

    private static void printInfra(Infrastructure infra) {
        StringBuilder text = new StringBuilder("""

                Kafka and PostgreSQL are running. Ctrl-C stops them.

                  Kafka       %s   (topics created)
                  PostgreSQL  %s:%d   user %s, password %s, databases inventory and sales

                Run each service against them, each in its own terminal, from the repository root: in dev mode (live
                reload, Dev UI) with the first command, or from its jar (./run-local.sh without infra builds the jars)
                with the second.
                """.formatted(infra.kafkaBootstrapServers(), infra.postgresHost(), infra.postgresPort(), infra.username(),
                infra.password()));
        int debugPort = 5005;
        for (StockPulseService service : StockPulseService.all()) {
            String env = LocalSystem.environment(service, infra).entrySet().stream()
                    .filter(e -> !e.getKey().equals("QUARKUS_PROFILE"))
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> "export " + e.getKey() + "=" + e.getValue() + "\n")
                    .collect(Collectors.joining());
            text.append("\n  # ").append(service.moduleName()).append('\n')
                    .append(env.indent(2))
                    .append("  ./mvnw -pl ").append(service.moduleName()).append(" -am compile quarkus:dev -Ddebug=")
                    .append(debugPort++).append('\n')
                    .append("  QUARKUS_PROFILE=local java -jar ")
                    .append(service.jar(Path.of("")).toString()).append('\n');
        }
        text.append("""

                Tokens:   ./run-local.sh token --tenant demo --user me --role admin
                Controls: ./run-local.sh ctl status | stop-kafka | start-kafka | stop-postgres | start-postgres
                """);
        System.out.println(text);
    }

    private static void printWelcome(LocalSystem system, Path logDir, Options options) {
        String inventory = system.service(StockPulseService.INVENTORY).baseUrl();
        String sales = system.service(StockPulseService.SALES).baseUrl();
        String gateway = system.service(StockPulseService.GATEWAY).baseUrl();
        String userToken = DevTokens.user(DEMO_TENANT, "demo-user");
        String adminToken = DevTokens.admin(DEMO_TENANT, DemoLoader.ADMIN_USER);
        String data = options.demo()
                ? "Demo data: tenants " + String.join(" and ", DemoData.TENANTS) + ", warehouses, "
                        + "products, stock and sales" + (options.traffic() ? ", and traffic that keeps it moving." : ".")
                : "No demo data (--no-demo): the tenants are empty.";
        System.out.println("""

                StockPulse is running. Ctrl-C stops everything.

                  operations console %3$s/dashboard/#token=%8$s
                  inventory-service  %1$s   (Swagger UI: %1$s/q/swagger-ui)
                  sales-service      %2$s   (Swagger UI: %2$s/q/swagger-ui)
                  realtime-gateway   %3$s   (WebSocket: %4$s/ws?channels=all, Swagger UI: %3$s/q/swagger-ui)
                  logs               %5$s

                %9$s

                Tokens for tenant "%6$s" (dev key, accepted only by the dev/local/test profiles; valid 12 h):
                  user  (demo-user):  %7$s
                  admin (demo-admin): %8$s
                Any other: ./run-local.sh token --tenant northwind --user alice --role staff --ttl 8h

                Try it:
                  export TOKEN=$(./run-local.sh token --role admin --user demo-admin)
                  curl -s -H "Authorization: Bearer $TOKEN" '%1$s/api/products?low_stock=true'
                  curl -s -H "Authorization: Bearer $TOKEN" '%2$s/api/alerts?status=open'

                Faults: ./run-local.sh ctl status | stop-kafka | start-kafka | stop-postgres | start-postgres | restart <service>
                """.formatted(inventory, sales, gateway, gateway.replace("http", "ws"), logDir, DEMO_TENANT,
                userToken, adminToken, data));
    }

    /** Prints with the time since run-local.sh started, which the script hands over so the count goes on. */
    static String say(String message) {
        long elapsed = (System.currentTimeMillis() / 1000) - STARTED;
        System.out.printf("[run-local %4ds] %s%n", elapsed, message);
        return message;
    }

    private static long startedAt() {
        String fromScript = System.getenv("STOCKPULSE_RUN_LOCAL_STARTED");
        return fromScript != null && fromScript.matches("[0-9]{1,12}") ? Long.parseLong(fromScript)
                : System.currentTimeMillis() / 1000;
    }

    /** Says something every so often while a long step runs, so a person sees it is not stuck. */
    private record Ticker(ScheduledExecutorService scheduler) implements AutoCloseable {

        static Ticker every(Duration period, Runnable tick) {
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "local-stack-ticker");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleAtFixedRate(tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
            return new Ticker(scheduler);
        }

        @Override
        public void close() {
            scheduler.shutdownNow();
        }
    }
}
