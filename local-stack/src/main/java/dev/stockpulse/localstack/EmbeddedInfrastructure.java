package dev.stockpulse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Kafka (KRaft) and PostgreSQL in this JVM and its child process, each on its own port. */
public final class EmbeddedInfrastructure implements Infrastructure {

    private final Path workDir;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;

    private EmbeddedInfrastructure(Path workDir, KafkaBroker kafka, PostgresServer postgres) {
        this.workDir = workDir;
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /** Starts both on the preferred ports when they are free, otherwise on free ones. */
    public static EmbeddedInfrastructure start(int preferredKafkaPort, int preferredPostgresPort) {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("stockpulse-infra-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker kafka = new KafkaBroker(FreePorts.preferred(preferredKafkaPort), workDir.resolve("kafka"));
        PostgresServer postgres = new PostgresServer(FreePorts.preferred(preferredPostgresPort), workDir.resolve("postgres"));
        EmbeddedInfrastructure infra = new EmbeddedInfrastructure(workDir, kafka, postgres);
        try {
            postgres.start();
            kafka.start();
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
        return infra;
    }

    public static EmbeddedInfrastructure startOnFreePorts() {
        return start(FreePorts.find(), FreePorts.find());
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String postgresHost() {
        return "localhost";
    }

    @Override
    public int postgresPort() {
        return postgres.port();
    }

    @Override
    public void createDatabase(String name) {
        postgres.createDatabase(name);
    }

    @Override
    public void stopKafka() {
        kafka.stop();
    }

    @Override
    public void startKafka() {
        kafka.start();
    }

    @Override
    public void stopPostgres() {
        postgres.stop();
    }

    @Override
    public void startPostgres() {
        postgres.start();
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
            KafkaBroker.deleteRecursively(workDir);
        }
    }
}
