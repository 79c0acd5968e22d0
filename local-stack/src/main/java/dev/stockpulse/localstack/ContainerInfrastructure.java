package dev.stockpulse.localstack;

import java.sql.DriverManager;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Docker path: the official Apache Kafka image (KRaft) and PostgreSQL through Testcontainers. Chosen with
 * {@code -Ptestcontainers} on machines with a Docker engine. An outage is simulated by pausing the container,
 * which keeps its mapped ports, so {@link #startKafka()} brings back the same broker.
 */
public final class ContainerInfrastructure implements Infrastructure {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String POSTGRES_IMAGE = "postgres:16-alpine";

    private final KafkaContainer kafka;
    private final PostgreSQLContainer postgres;

    private ContainerInfrastructure(KafkaContainer kafka, PostgreSQLContainer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    public static ContainerInfrastructure start() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withUsername(PostgresServer.USER)
                .withPassword(PostgresServer.PASSWORD);
        kafka.start();
        postgres.start();
        return new ContainerInfrastructure(kafka, postgres);
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String postgresHost() {
        return postgres.getHost();
    }

    @Override
    public int postgresPort() {
        return postgres.getMappedPort(5432);
    }

    @Override
    public void createDatabase(String name) {
        Databases.create(name, () -> DriverManager.getConnection(postgres.getJdbcUrl(), username(), password()));
    }

    @Override
    public void stopKafka() {
        kafka.getDockerClient().pauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void startKafka() {
        kafka.getDockerClient().unpauseContainerCmd(kafka.getContainerId()).exec();
    }

    @Override
    public void stopPostgres() {
        postgres.getDockerClient().pauseContainerCmd(postgres.getContainerId()).exec();
    }

    @Override
    public void startPostgres() {
        postgres.getDockerClient().unpauseContainerCmd(postgres.getContainerId()).exec();
    }

    @Override
    public void close() {
        try {
            kafka.stop();
        } finally {
            postgres.stop();
        }
    }
}
