package dev.stockpulse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka (KRaft) and PostgreSQL in this JVM and its child process, each on its own port. */
public final class EmbeddedInfrastructure implements Infrastructure {

    static final int PORT_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final Path workDir;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;

    private EmbeddedInfrastructure(Path workDir, KafkaBroker kafka, PostgresServer postgres) {
        this.workDir = workDir;
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /**
     * Starts both on the preferred ports when they are free, otherwise on free ones. A port found free can be taken
     * by someone else before the server binds it; a server that fails to start while its port is now held by
     * another process starts again on a fresh port (at most {@value #PORT_ATTEMPTS} times), with a warning.
     */
    public static EmbeddedInfrastructure start(int preferredKafkaPort, int preferredPostgresPort) {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("stockpulse-infra-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresServer postgres = null;
        try {
            postgres = startOnAFreePort("PostgreSQL", FreePorts.preferred(preferredPostgresPort),
                    port -> new PostgresServer(port, workDir.resolve("postgres")), PostgresServer::start,
                    server -> !FreePorts.isFree(server.port()));
            KafkaBroker kafka = startOnAFreePort("Kafka", FreePorts.preferred(preferredKafkaPort),
                    port -> new KafkaBroker(port, workDir.resolve("kafka")), KafkaBroker::start,
                    broker -> !FreePorts.isFree(broker.port()) || !FreePorts.isFree(broker.controllerPort()));
            return new EmbeddedInfrastructure(workDir, kafka, postgres);
        } catch (RuntimeException e) {
            if (postgres != null) {
                postgres.close();
            }
            KafkaBroker.deleteRecursively(workDir);
            throw e;
        }
    }

    static <S extends AutoCloseable> S startOnAFreePort(String name, int firstPort, IntFunction<S> create,
            Consumer<S> start, Predicate<S> portTakenByAnother) {
        int port = firstPort;
        for (int attempt = 1;; attempt++) {
            S server = create.apply(port);
            try {
                start.accept(server);
                return server;
            } catch (RuntimeException e) {
                closeQuietly(server, e);
                if (attempt == PORT_ATTEMPTS || !portTakenByAnother.test(server)) {
                    throw e;
                }
                int next = FreePorts.find();
                LOG.warn("{} could not start on port {}, which another process took after it was found free; "
                        + "starting it on port {} instead ({})", name, port, next, e.toString());
                port = next;
            }
        }
    }

    private static void closeQuietly(AutoCloseable server, RuntimeException failure) {
        try {
            server.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
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
