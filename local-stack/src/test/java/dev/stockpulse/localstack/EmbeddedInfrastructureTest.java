package dev.stockpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.Topics;
import dev.stockpulse.localstack.test.TopicReader;

class EmbeddedInfrastructureTest {

    static EmbeddedInfrastructure infra;

    @BeforeAll
    static void start() {
        infra = EmbeddedInfrastructure.startOnFreePorts();
        TopicSetup.createAll(infra.kafkaBootstrapServers());
    }

    @AfterAll
    static void stop() {
        infra.close();
    }

    @Test
    void kafkaKeepsRecordsAcrossARestartOfTheBroker() throws Exception {
        send("k1", "before");
        infra.stopKafka();
        infra.startKafka();
        send("k1", "after");
        try (TopicReader reader = TopicReader.fromBeginning(infra.kafkaBootstrapServers(), Topics.INVENTORY_EVENTS)) {
            var records = reader.awaitCount(r -> r.key().equals("k1"), 2, Duration.ofSeconds(30));
            assertThat(records).extracting(r -> r.value()).containsExactly("before", "after");
        }
    }

    @Test
    void postgresCreatesDatabasesAndKeepsDataAcrossARestart() throws Exception {
        infra.createDatabase("smoke");
        infra.createDatabase("smoke");
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl("smoke"), infra.username(), infra.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (v int)");
            s.execute("INSERT INTO t VALUES (42)");
        }
        infra.stopPostgres();
        infra.startPostgres();
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl("smoke"), infra.username(), infra.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void aBrokerWhosePortWasTakenAfterItWasFoundStartsOnAnotherOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path dir = Files.createTempDirectory("stockpulse-port-race-");
            KafkaBroker broker = EmbeddedInfrastructure.startOnAFreePort("Kafka", taken.getLocalPort(),
                    port -> new KafkaBroker(port, dir), KafkaBroker::start,
                    b -> !FreePorts.isFree(b.port()));
            try {
                assertThat(broker.isRunning()).isTrue();
                assertThat(broker.port()).isNotEqualTo(taken.getLocalPort());
                TopicSetup.createAll(broker.bootstrapServers());
            } finally {
                broker.close();
            }
        }
    }

    @Test
    void aServerThatFailsForAnotherReasonIsNotStartedAgain() {
        assertThat(startsOfAServerThatAlwaysFails("bad configuration", false)).isEqualTo(1);
    }

    @Test
    void aPortThatKeepsBeingTakenIsGivenUpAfterAFewAttempts() {
        assertThat(startsOfAServerThatAlwaysFails("Address already in use", true))
                .isEqualTo(EmbeddedInfrastructure.PORT_ATTEMPTS);
    }

    /** How often a server whose every start fails with {@code failure} is started; the failure is what is thrown. */
    private static int startsOfAServerThatAlwaysFails(String failure, boolean portTakenByAnother) {
        AtomicInteger starts = new AtomicInteger();
        assertThatThrownBy(() -> EmbeddedInfrastructure.startOnAFreePort("Failing", FreePorts.find(),
                port -> (AutoCloseable) () -> { }, server -> {
                    starts.incrementAndGet();
                    throw new IllegalStateException(failure);
                }, server -> portTakenByAnother))
                .hasMessage(failure);
        return starts.get();
    }

    @Test
    void freePortsAreDrawnFromBelowTheKernelsEphemeralRange() {
        Assumptions.assumeTrue(Files.exists(FreePorts.EPHEMERAL_RANGE), "not Linux: no ephemeral range to read");
        int ephemeralLow = FreePorts.ephemeralLow();
        assertThat(ephemeralLow).as("the first port of " + FreePorts.EPHEMERAL_RANGE).isGreaterThan(11_000);
        for (int i = 0; i < 20; i++) {
            assertThat(FreePorts.find()).isBetween(10_000, ephemeralLow - 1);
        }
    }

    private void send(String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.INVENTORY_EVENTS, key, value)).get();
        }
    }
}
