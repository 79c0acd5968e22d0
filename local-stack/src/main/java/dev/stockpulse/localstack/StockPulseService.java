package dev.stockpulse.localstack;

import java.nio.file.Path;
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

    /** The packaged application, as {@code ./mvnw package} leaves it. */
    public Path jar(Path repositoryRoot) {
        return repositoryRoot.resolve(moduleName).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
