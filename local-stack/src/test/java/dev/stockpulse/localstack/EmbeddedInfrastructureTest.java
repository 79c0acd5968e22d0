package dev.stockpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
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

    private void send(String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.INVENTORY_EVENTS, key, value)).get();
        }
    }
}
