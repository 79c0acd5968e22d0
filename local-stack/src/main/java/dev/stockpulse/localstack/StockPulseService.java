package dev.stockpulse.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The three services as the local run and the system tests start them: name, port, database. */
public enum StockPulseService {
    INVENTORY("inventory-service", 8081, "inventory"),
    SALES("sales-service", 8082, "sales"),
    GATEWAY("realtime-gateway", 8083, null);

    private final String moduleName;
    private final int defaultPort;
    private final String database;

    StockPulseService(String moduleName, int defaultPort, String database) {
        this.moduleName = moduleName;
        this.defaultPort = defaultPort;
        this.database = database;
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
