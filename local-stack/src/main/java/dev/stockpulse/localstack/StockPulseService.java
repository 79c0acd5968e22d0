package dev.stockpulse.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The three services as the local run and the system tests start them: name, port, database, and the collector's
 * time goal their container image sets ({@code GC_TIME_RATIO} in its Dockerfile.jvm).
 */
public enum StockPulseService {
    INVENTORY("inventory-service", 8081, "inventory", 19),
    SALES("sales-service", 8082, "sales", 19),
    GATEWAY("realtime-gateway", 8083, null, 4);

    private final String moduleName;
    private final int defaultPort;
    private final String database;
    private final int gcTimeRatio;

    StockPulseService(String moduleName, int defaultPort, String database, int gcTimeRatio) {
        this.moduleName = moduleName;
        this.defaultPort = defaultPort;
        this.database = database;
        this.gcTimeRatio = gcTimeRatio;
    }

    /**
     * {@code -XX:GCTimeRatio} as the service's image runs it: the parallel collector may take {@code 1 / (1 + ratio)}
     * of the time. The base image's 4 (a fifth) keeps the heap small; inventory-service and sales-service set 19 (a
     * twentieth): alternated on the end-to-end bench, p99 at 500 adjustments a second was lower and 1,000 a second
     * held more often.
     */
    public int gcTimeRatio() {
        return gcTimeRatio;
    }

    public String moduleName() {
        return moduleName;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public Optional<String> database() {
        return Optional.ofNullable(database);
    }

    public static List<StockPulseService> all() {
        return List.of(values());
    }

    /** The service of a module name, or of its first word ({@code inventory}, {@code sales}, {@code realtime}); null if none. */
    public static StockPulseService named(String name) {
        for (StockPulseService service : values()) {
            if (service.moduleName.equals(name) || service.moduleName.startsWith(name + "-")) {
                return service;
            }
        }
        return null;
    }

    /** The packaged application, as {@code ./mvnw package} leaves it. */
    public Path jar(Path repositoryRoot) {
        return repositoryRoot.resolve(moduleName).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
