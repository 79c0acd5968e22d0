package dev.stockpulse.commons.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stockpulse.commons.testapp.LedgerConsumer;
import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.inventory.ProductDeletedPayload;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What {@link ResilientConsumer} promises a service, on a real broker and database: a failure that can heal is
 * retried until it does, one that cannot is dead-lettered at once with its SQLSTATE, a contract breach is
 * dead-lettered, what the service does not read is skipped, and the record behind a dead letter is applied. The
 * failures are the database's own (testapp.LedgerConsumer), not made up.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "commons"))
class ResilientConsumerTest {

    private static final String TOPIC = "commons-ledger-events";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DataSource database;

    @Inject
    LedgerConsumer consumer;

    final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    KafkaProducer<String, String> producer;

    @BeforeEach
    void producer() throws Exception {
        // A reader from the end needs the dead-letter topic's partitions before the first dead letter creates it.
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (!kafka.listTopics().names().get(30, TimeUnit.SECONDS).contains(TOPIC + ".dlq")) {
                kafka.createTopics(List.of(new NewTopic(TOPIC + ".dlq", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    void aLockWaitThatTimesOutIsRetriedUntilTheLockIsGoneAndNeverDeadLettered() throws Exception {
        String product = product();
        EventEnvelope<ProductDeletedPayload> event = event(product, "SKU-1");
        try (TopicReader deadLetters = TopicReader.fromEnd(bootstrapServers, TOPIC + ".dlq");
                Connection holder = database.getConnection()) {
            // An uncommitted row of the same product: the consumer's insert waits on it and gives up after 300 ms.
            holder.setAutoCommit(false);
            insertLedgerRow(holder, UUID.randomUUID().toString(), product);
            send(event);
            await().atMost(WAIT).until(() -> consumer.attempts(event.metadata().eventId()) >= 3);
            assertThat(applied(event.metadata().eventId())).isFalse();
            holder.rollback();

            await().atMost(WAIT).until(() -> applied(event.metadata().eventId()));
            deadLetters.poll(Duration.ofSeconds(1));
            assertThat(deadLetters.seen()).noneMatch(r -> isOf(r, event));
        }
    }

    @Test
    void aConstraintViolationIsDeadLetteredAtOnceWithItsStateAndOriginAndTheNextRecordIsApplied() throws Exception {
        String product = product();
        EventEnvelope<ProductDeletedPayload> first = event(product, "SKU-1");
        EventEnvelope<ProductDeletedPayload> again = event(product, "SKU-2");
        EventEnvelope<ProductDeletedPayload> behind = event(product(), "SKU-3");
        try (TopicReader deadLetters = TopicReader.fromEnd(bootstrapServers, TOPIC + ".dlq")) {
            send(first);
            await().atMost(WAIT).until(() -> applied(first.metadata().eventId()));
            // The same key, so the same partition: the record behind the dead letter must not be held up by it.
            String key = tenant + ":" + product;
            RecordMetadata origin = send(key, EventCodec.encodeToString(again), again.metadata().eventId());
            send(key, EventCodec.encodeToString(behind), behind.metadata().eventId());

            ConsumerRecord<String, String> dead = deadLetters.await(r -> isOf(r, again), WAIT);
            assertThat(dead.key()).isEqualTo(key);
            assertThat(dead.value()).isEqualTo(EventCodec.encodeToString(again));
            assertThat(TopicReader.header(dead, EventHeaders.EVENT_ID)).isEqualTo(again.metadata().eventId().toString());
            assertThat(TopicReader.header(dead, "origin-note")).isEqualTo("kept");
            assertThat(TopicReader.header(dead, EventHeaders.DLQ_REASON))
                    .startsWith("permanent database error, SQLSTATE 23505: ").contains("ledger_entry");
            assertThat(TopicReader.header(dead, EventHeaders.DLQ_ORIGIN_TOPIC)).isEqualTo(TOPIC);
            assertThat(TopicReader.header(dead, EventHeaders.DLQ_ORIGIN_PARTITION))
                    .isEqualTo(Integer.toString(origin.partition()));
            assertThat(TopicReader.header(dead, EventHeaders.DLQ_ORIGIN_OFFSET)).isEqualTo(Long.toString(origin.offset()));
            assertThat(consumer.attempts(again.metadata().eventId())).isEqualTo(1);

            await().atMost(WAIT).until(() -> applied(behind.metadata().eventId()));
        }
    }

    @Test
    void aValueTooLongForItsColumnIsDeadLetteredAtOnce() throws Exception {
        EventEnvelope<ProductDeletedPayload> event = event(product(), "SKU-" + "9".repeat(20));
        try (TopicReader deadLetters = TopicReader.fromEnd(bootstrapServers, TOPIC + ".dlq")) {
            send(event);
            ConsumerRecord<String, String> dead = deadLetters.await(r -> isOf(r, event), WAIT);
            assertThat(TopicReader.header(dead, EventHeaders.DLQ_REASON))
                    .startsWith("permanent database error, SQLSTATE 22001: ").contains("character varying(16)");
            assertThat(consumer.attempts(event.metadata().eventId())).isEqualTo(1);
            assertThat(applied(event.metadata().eventId())).isFalse();
        }
    }

    @Test
    void aFailureOfTheServicesOwnCodeIsDeadLetteredNotRetried() {
        EventEnvelope<ProductDeletedPayload> event = event("-" + product(), "SKU-1");
        try (TopicReader deadLetters = TopicReader.fromEnd(bootstrapServers, TOPIC + ".dlq")) {
            send(event);
            ConsumerRecord<String, String> dead = deadLetters.await(r -> isOf(r, event), WAIT);
            assertThat(TopicReader.header(dead, EventHeaders.DLQ_REASON)).isEqualTo(
                    "processing failed: java.lang.IllegalArgumentException: product_id must not start with '-'");
            assertThat(consumer.attempts(event.metadata().eventId())).isEqualTo(1);
        }
    }

    @Test
    void aContractBreachIsDeadLetteredAndATypeOrMajorVersionItDoesNotReadIsSkipped() throws Exception {
        String key = tenant + ":" + product();
        EventEnvelope<ProductDeletedPayload> unknownType = event(product(), "SKU-1");
        EventEnvelope<ProductDeletedPayload> nextMajor = event(product(), "SKU-2");
        EventEnvelope<ProductDeletedPayload> marker = event(product(), "SKU-3");
        String malformed = UUID.randomUUID().toString();
        try (TopicReader deadLetters = TopicReader.fromEnd(bootstrapServers, TOPIC + ".dlq")) {
            send(key, "{\"metadata\": {", malformed);
            send(key, EventCodec.encodeToString(unknownType)
                    .replace("\"inventory.product.deleted\"", "\"inventory.product.archived\""), unknownType.metadata().eventId());
            send(key, EventCodec.encodeToString(nextMajor).replace("\"event_version\":\"1.0\"", "\"event_version\":\"2.0\""),
                    nextMajor.metadata().eventId());
            send(key, EventCodec.encodeToString(marker), marker.metadata().eventId());

            ConsumerRecord<String, String> dead = deadLetters.await(r -> malformed.equals(eventId(r)), WAIT);
            assertThat(dead.value()).isEqualTo("{\"metadata\": {");
            assertThat(TopicReader.header(dead, EventHeaders.DLQ_REASON)).startsWith("event is not valid JSON");
            await().atMost(WAIT).until(() -> applied(marker.metadata().eventId()));
            deadLetters.poll(Duration.ofSeconds(1));
            assertThat(deadLetters.seen()).noneMatch(r -> isOf(r, unknownType) || isOf(r, nextMajor));
        }
        assertThat(consumer.attempts(unknownType.metadata().eventId())).isZero();
        assertThat(consumer.attempts(nextMajor.metadata().eventId())).isZero();
    }

    private String product() {
        return "p-" + UUID.randomUUID();
    }

    private EventEnvelope<ProductDeletedPayload> event(String product, String sku) {
        return new EventEnvelope<>(EventMetadata.create(EventType.PRODUCT_DELETED, "service-commons-test", tenant, null,
                Priority.LOW), new ProductDeletedPayload(product, sku));
    }

    private void send(EventEnvelope<ProductDeletedPayload> event) {
        send(tenant + ":" + event.payload().productId(), EventCodec.encodeToString(event), event.metadata().eventId());
    }

    private RecordMetadata send(String key, String value, String eventId) {
        ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, key, value);
        record.headers().add(EventHeaders.EVENT_ID, eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add("origin-note", "kept".getBytes(StandardCharsets.UTF_8));
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not send to " + TOPIC, e);
        }
    }

    private boolean applied(String eventId) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT 1 FROM ledger_entry WHERE event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insertLedgerRow(Connection c, String eventId, String product) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO ledger_entry (event_id, product_id, sku) VALUES (?, ?, 'HELD')")) {
            s.setString(1, eventId);
            s.setString(2, product);
            s.executeUpdate();
        }
    }

    private static boolean isOf(ConsumerRecord<String, String> record, EventEnvelope<?> event) {
        return event.metadata().eventId().equals(eventId(record));
    }

    private static String eventId(ConsumerRecord<String, String> record) {
        return TopicReader.header(record, EventHeaders.EVENT_ID);
    }
}
