package dev.stockpulse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole system on one machine: broker, database and the three services as separate processes from their
 * packaged jars, all with the {@code local} profile. Used by {@code run-local.sh} and by the system tests.
 */
public final class LocalSystem implements AutoCloseable {

    private final Path repositoryRoot;
    private final Infrastructure infrastructure;
    private final Path logDir;
    private final Map<String, String> extraEnvironment;
    private final Map<StockPulseService, ServiceProcess> services = new EnumMap<>(StockPulseService.class);

    private LocalSystem(Path repositoryRoot, Infrastructure infrastructure, Path logDir,
            Map<String, String> extraEnvironment) {
        this.repositoryRoot = repositoryRoot;
        this.infrastructure = infrastructure;
        this.logDir = logDir;
        this.extraEnvironment = extraEnvironment;
    }

    /**
     * @param ports the port for each service; absent ones get their default port
     * @param progress told of each step, for a person watching
     */
    public static LocalSystem start(Path repositoryRoot, Infrastructure infrastructure, Map<StockPulseService, Integer> ports,
            Path logDir, Consumer<String> progress) {
        return start(repositoryRoot, infrastructure, ports, logDir, progress, Map.of());
    }

    /** As above, with settings every service gets on top of {@link #environment}, e.g. {@code STOCKPULSE_LOG_JSON}. */
    public static LocalSystem start(Path repositoryRoot, Infrastructure infrastructure, Map<StockPulseService, Integer> ports,
            Path logDir, Consumer<String> progress, Map<String, String> extraEnvironment) {
        LocalSystem system = new LocalSystem(repositoryRoot, infrastructure, logDir, extraEnvironment);
        try {
            List<ServiceProcess> starting = new ArrayList<>();
            for (StockPulseService service : StockPulseService.values()) {
                service.database().ifPresent(infrastructure::createDatabase);
                int port = ports.getOrDefault(service, service.defaultPort());
                progress.accept("starting " + service.moduleName() + " on port " + port);
                ServiceProcess process = system.launch(service, port);
                system.services.put(service, process);
                starting.add(process);
            }
            for (ServiceProcess process : starting) {
                process.awaitReady(Duration.ofSeconds(120));
                progress.accept(process.service().moduleName() + " is ready at " + process.baseUrl());
            }
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    /** The environment a service process gets: the local profile, and where its broker and database are. */
    public static Map<String, String> environment(StockPulseService service, Infrastructure infrastructure) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_PROFILE", "local");
        env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
        service.database().ifPresent(db -> {
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", infrastructure.reactiveUrl(db));
            env.put("QUARKUS_DATASOURCE_JDBC_URL", infrastructure.jdbcUrl(db));
            env.put("QUARKUS_DATASOURCE_USERNAME", infrastructure.username());
            env.put("QUARKUS_DATASOURCE_PASSWORD", infrastructure.password());
        });
        return env;
    }

    private ServiceProcess launch(StockPulseService service, int port) {
        Map<String, String> env = new HashMap<>(environment(service, infrastructure));
        env.putAll(extraEnvironment);
        return ServiceProcess.start(service, service.jar(repositoryRoot), port, env, logDir);
    }

    /**
     * Stops one service (SIGTERM, as Kubernetes would) and starts it again on the same port, waiting until it is
     * ready. Its previous log is kept beside the new one as {@code <service>.previous.log}.
     */
    public void restart(StockPulseService service, Duration readyTimeout) {
        ServiceProcess process;
        synchronized (this) {
            ServiceProcess old = services.get(service);
            old.close();
            try {
                Files.move(old.logFile(), logDir.resolve(service.moduleName() + ".previous.log"),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            process = launch(service, old.port());
            services.put(service, process);
        }
        process.awaitReady(readyTimeout);
    }

    public synchronized ServiceProcess service(StockPulseService service) {
        return services.get(service);
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    /** Stops the services in reverse order of their dependencies; the infrastructure belongs to the caller. */
    @Override
    public synchronized void close() {
        List<StockPulseService> order = new ArrayList<>(services.keySet());
        Collections.reverse(order);
        for (StockPulseService service : order) {
            services.get(service).close();
        }
        services.clear();
    }
}
