package dev.stockpulse.localstack.test;

import java.util.HashMap;
import java.util.Map;

import dev.stockpulse.localstack.Infrastructure;
import dev.stockpulse.localstack.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The shared test resource of every service: a real Kafka broker and a real PostgreSQL, started once per test JVM
 * and handed to the application under test. Init arg {@code database} names the service's database (created if
 * missing); without it no datasource is configured.
 *
 * <pre>{@code @WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))}</pre>
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
    }

    @Override
    public Map<String, String> start() {
        Infrastructure infra = LocalStack.shared();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        if (database != null) {
            infra.createDatabase(database);
            config.put("quarkus.datasource.reactive.url", infra.reactiveUrl(database));
            config.put("quarkus.datasource.jdbc.url", infra.jdbcUrl(database));
            config.put("quarkus.datasource.username", infra.username());
            config.put("quarkus.datasource.password", infra.password());
        }
        return config;
    }

    @Override
    public void stop() {
        // The infrastructure outlives one application start; the JVM's shutdown hook stops it.
    }
}
