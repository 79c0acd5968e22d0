package dev.stockpulse.commons.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.ProductDeletedPayload;
import dev.stockpulse.localstack.LocalStack;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicAdmin;
import dev.stockpulse.localstack.test.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the outbox promises every service, on a real broker and database, without a service around it: rows reach
 * their own topic once, in id order per key, with the contract's key and headers; the writer's rows live and die with
 * the caller's transaction; a row Kafka can never accept is parked at once and holds its key while other keys go on,
 * and a replay sends it before what waited behind it; while the broker is away rows are retried, never parked, and
 * arrive in order (at least once) when it returns; one relay at a time; the relay publishes on a connection of its
 * own while requests hold every connection of the service's pool, and connects again when its connection is cut;
 * cleanup deletes only sent rows past their retention. Rows are written straight into the table (as a change's transaction would) on a topic of each test's
 * own, so every record on it can be counted.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "commons"))
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.reactive.max-size", defaultValue = "20")
    int poolSize;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    @Inject
    Pool pool;

    @Inject
    DataSource database;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxWriter writer;

    @Inject
    ParkedEvents parked;

    @Inject
    OutboxMaintenance maintenance;

    @Inject
    MeterRegistry metrics;

    final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    final String topic = "commons-outbox-" + UUID.randomUUID();

    @AfterEach
    void removeTheTenantsRows() {
        pool.preparedQuery("DELETE FROM outbox_event WHERE tenant_id = $1").execute(Tuple.of(tenant)).await().atMost(WAIT);
    }

    @Test
    void eachKeysRowsArePublishedOnceInIdOrderWithTheirKeyAndHeaders() {
        TopicAdmin.create(bootstrapServers, topic, 3, Map.of());
        List<String> keys = List.of(tenant + ":a", tenant + ":b", tenant + ":c");
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (String key : keys) {
                rows.add(row(UUID.randomUUID(), key, "{\"n\":" + i + "}"));
            }
        }
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        UUID traced = UUID.randomUUID();
        rows.add(Tuple.of(traced, tenant, topic, keys.get(0), "{}").addString(traceparent));
        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, topic)) {
            insert(rows);
            reader.awaitCount(r -> true, rows.size(), WAIT);

            UUID marker = UUID.randomUUID();
            insert(List.of(row(marker, tenant + ":marker", "{}")));
            reader.await(r -> marker.equals(eventId(r)), WAIT);
            reader.poll(Duration.ofSeconds(1));
            List<ConsumerRecord<String, String>> seen = reader.seen();
            assertThat(seen).hasSize(rows.size() + 1);
            for (String key : keys) {
                assertThat(seen.stream().filter(r -> key.equals(r.key())).map(OutboxRelayTest::eventId).toList())
                        .as("events of %s in the order they were written", key)
                        .containsExactlyElementsOf(rows.stream().filter(t -> key.equals(t.getString(3)))
                                .map(t -> t.getUUID(0)).toList());
            }
            ConsumerRecord<String, String> first = seen.stream().filter(r -> keys.get(1).equals(r.key())).findFirst()
                    .orElseThrow();
            assertThat(first.value()).isEqualTo("{\"n\":0}");
            assertThat(TopicReader.header(first, EventHeaders.EVENT_TYPE)).isEqualTo("inventory.stock.updated");
            assertThat(TopicReader.header(first, EventHeaders.TENANT_ID)).isEqualTo(tenant);
            assertThat(TopicReader.header(first, EventHeaders.PRIORITY)).isEqualTo("low");
            assertThat(TopicReader.header(first, OutboxRelay.TRACEPARENT)).isNull();
            assertThat(seen).filteredOn(r -> traced.equals(eventId(r))).singleElement()
                    .satisfies(r -> assertThat(TopicReader.header(r, OutboxRelay.TRACEPARENT)).isEqualTo(traceparent));
        }
        assertThat(rows).allMatch(t -> isSent(t.getUUID(0)));
    }

    @Test
    void theWritersRowsAreCommittedWithTheCallersTransactionOrNotAtAll() throws Throwable {
        EventEnvelope<ProductDeletedPayload> first = event("p-1");
        EventEnvelope<ProductDeletedPayload> second = event("p-1");
        EventEnvelope<ProductDeletedPayload> rolledBack = event("p-1");
        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, Topics.INVENTORY_EVENTS)) {
            assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> writer.append(rolledBack, "p-1")
                            .flatMap(v -> Uni.createFrom().failure(new IllegalStateException("the change failed"))))))
                    .hasMessageContaining("the change failed");
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> writer.appendAll(List.of(first, second), "p-1")));
            relay.signal();

            List<ConsumerRecord<String, String>> published = reader.awaitCount(
                    r -> tenant.equals(TopicReader.header(r, EventHeaders.TENANT_ID)), 2, WAIT);
            assertThat(published).extracting(OutboxRelayTest::eventId)
                    .containsExactly(UUID.fromString(first.metadata().eventId()),
                            UUID.fromString(second.metadata().eventId()));
            assertThat(published).allSatisfy(r -> assertThat(r.key()).isEqualTo(tenant + ":p-1"));
            assertThat(published.get(0).value()).isEqualTo(EventCodec.encodeToString(first));
            assertThat(TopicReader.header(published.get(0), EventHeaders.EVENT_TYPE)).isEqualTo("inventory.product.deleted");
        }
        assertThat(outboxRow(UUID.fromString(rolledBack.metadata().eventId()))).isNull();
    }

    @Test
    void aRowKafkaRefusesIsParkedAtOnceHoldsItsKeyAndIsPublishedFirstWhenReplayedAfterTheFix() throws Exception {
        // The broker refuses records above the topic's max.message.bytes; raising it is the operator's fix.
        TopicAdmin.create(bootstrapServers, topic, 1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2048"));
        UUID refused = UUID.randomUUID();
        UUID behind = UUID.randomUUID();
        UUID otherKey = UUID.randomUUID();
        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, topic)) {
            insert(List.of(row(refused, tenant + ":order-1", randomText()), row(behind, tenant + ":order-1", "{}"),
                    row(otherKey, tenant + ":order-2", "{}")));
            reader.await(r -> otherKey.equals(eventId(r)), WAIT);
            await().atMost(WAIT).until(() -> outboxRow(refused).getValue("parked_at") != null);
            // A round after the parking (it publishes the marker) must still leave the parked row's key alone.
            UUID marker = UUID.randomUUID();
            insert(List.of(row(marker, tenant + ":order-3", "{}")));
            reader.await(r -> marker.equals(eventId(r)), WAIT);
            Row row = outboxRow(refused);
            assertThat(row.getInteger("attempts")).isEqualTo(1);
            assertThat(row.getString("last_error")).contains("RecordTooLargeException");
            assertThat(outboxRow(behind).getValue("sent_at")).isNull();
            assertThat(outboxRow(behind).getInteger("attempts")).isZero();

            List<ParkedEvents.ParkedEvent> list = parked.list(tenant, 10).await().atMost(WAIT);
            assertThat(list).singleElement().satisfies(p -> {
                assertThat(p.eventId()).isEqualTo(refused);
                assertThat(p.recordKey()).isEqualTo(tenant + ":order-1");
                assertThat(p.waitingBehind()).isEqualTo(1);
            });
            assertThat(parked.list("other-" + tenant, 10).await().atMost(WAIT)).isEmpty();
            assertThat(parked.replay("other-" + tenant, null, "ops").await().atMost(WAIT)).isEmpty();

            TopicAdmin.set(bootstrapServers, topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588");
            assertThat(parked.replay(tenant, null, "ops").await().atMost(WAIT)).containsExactly(refused);
            List<ConsumerRecord<String, String>> published = reader.awaitCount(
                    r -> List.of(refused, behind).contains(eventId(r)), 2, WAIT);
            assertThat(published).extracting(OutboxRelayTest::eventId).containsExactly(refused, behind);
        }
        await().atMost(WAIT).until(() -> isSent(refused) && isSent(behind));
        assertThat(parked.list(tenant, 10).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void whileTheBrokerIsAwayRowsAreRetriedNeverParkedAndArriveInOrderWhenItReturns() {
        TopicAdmin.create(bootstrapServers, topic, 1, Map.of());
        List<UUID> events = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, topic)) {
            // The producer learns the topic's partitions first, as it would have in a running service.
            UUID warmUp = UUID.randomUUID();
            insert(List.of(row(warmUp, tenant + ":warm-up", "{}")));
            reader.await(r -> warmUp.equals(eventId(r)), WAIT);
            LocalStack.shared().stopKafka();
            try {
                insert(events.stream().map(id -> row(id, tenant + ":order-1", "{}")).toList());
                // The connector resends within its delivery timeout, so the relay's own 30 s bound ends the attempt.
                await().atMost(Duration.ofSeconds(60)).until(() -> outboxRow(events.get(0)).getInteger("attempts") > 0);
                assertThat(outboxRow(events.get(0)).getString("last_error")).contains("TimeoutException");
                assertThat(events).allMatch(id -> outboxRow(id).getValue("parked_at") == null);
                assertThat(outboxRow(events.get(1)).getInteger("attempts")).isZero();
            } finally {
                LocalStack.shared().startKafka();
            }
            relay.signal();
            reader.awaitCount(r -> events.contains(eventId(r)), events.size(), Duration.ofSeconds(90));
            reader.poll(Duration.ofSeconds(1));
            // At least once: a send the relay stopped waiting for (its 30 s bound) can still land when the broker is
            // back, and the next round sends the row again under the same event_id, which consumers drop.
            assertThat(reader.seen().stream().map(OutboxRelayTest::eventId).filter(events::contains).distinct())
                    .containsExactlyElementsOf(events);
        }
        await().atMost(WAIT).until(() -> events.stream().allMatch(this::isSent));
    }

    @Test
    void whileAnotherRelayHoldsTheLockThisOneSendsNothing() throws Exception {
        TopicAdmin.create(bootstrapServers, topic, 1, Map.of());
        UUID event = UUID.randomUUID();
        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, topic);
                Connection otherInstance = database.getConnection()) {
            lock(otherInstance, "pg_advisory_lock");
            insert(List.of(row(event, tenant + ":order-1", "{}")));
            reader.poll(Duration.ofSeconds(2));
            assertThat(reader.seen()).isEmpty();
            assertThat(isSent(event)).isFalse();

            lock(otherInstance, "pg_advisory_unlock");
            relay.signal();
            reader.await(r -> event.equals(eventId(r)), WAIT);
        }
    }

    @Test
    void whileRequestsHoldEveryConnectionOfThePoolTheRelayPublishesOnItsOwn() throws Exception {
        TopicAdmin.create(bootstrapServers, topic, 1, Map.of());
        UUID event = UUID.randomUUID();
        List<SqlConnection> held = new ArrayList<>();
        List<Transaction> open = new ArrayList<>();
        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, topic)) {
            for (int i = 0; i < poolSize; i++) {
                SqlConnection connection = pool.getConnection().await().atMost(WAIT);
                held.add(connection);
                open.add(connection.begin().await().atMost(WAIT));
            }
            // Queued behind the held connections until they are released: the pool has none left.
            CompletableFuture<?> request = pool.query("SELECT 1").execute().subscribeAsCompletionStage();

            insertOverJdbc(event, tenant + ":order-1");
            relay.signal();

            // Well below the pool's 30 s wait for a connection, after which a round sharing the pool would fail.
            reader.await(r -> event.equals(eventId(r)), Duration.ofSeconds(15));
            assertThat(request).as("a request waiting for the service's pool").isNotDone();
        } finally {
            for (int i = 0; i < held.size(); i++) {
                if (i < open.size()) {
                    open.get(i).rollback().await().atMost(WAIT);
                }
                held.get(i).close().await().atMost(WAIT);
            }
        }
        await().atMost(WAIT).until(() -> isSent(event));
    }

    @Test
    void theRelayHoldsOneConnectionOfItsOwnAndConnectsAgainWhenItIsCut() throws Exception {
        TopicAdmin.create(bootstrapServers, topic, 1, Map.of());
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, topic)) {
            insert(List.of(row(before, tenant + ":order-1", "{}")));
            reader.await(r -> before.equals(eventId(r)), WAIT);
            assertThat(relaySessions(false)).isEqualTo(1);
            assertThat(metrics.find("sql.pool.usage").tag("pool.name", RelayPoolCreator.POOL_NAME).timer())
                    .as("the relay pool's own metrics").isNotNull();

            // What a database restart or failover does to the relay's connection.
            assertThat(relaySessions(true)).isEqualTo(1);
            insert(List.of(row(after, tenant + ":order-1", "{}")));
            reader.await(r -> after.equals(eventId(r)), WAIT);
        }
        assertThat(relaySessions(false)).isEqualTo(1);
    }

    @Test
    void cleanupDeletesSentRowsPastTheRetentionAndNoOther() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        UUID unsent = UUID.randomUUID();
        // Sent or parked before they are inserted, so that the relay leaves all three alone.
        pool.preparedQuery("""
                INSERT INTO outbox_event (event_id, tenant_id, event_type, topic, record_key, priority, payload, created_at,
                                          sent_at, parked_at)
                VALUES ($1, $4, 'inventory.stock.updated', 'unused', $4 || ':x', 'low', '{}', now() - interval '3 hours',
                        now() - interval '2 hours', NULL),
                       ($2, $4, 'inventory.stock.updated', 'unused', $4 || ':y', 'low', '{}', now() - interval '3 hours',
                        now() - interval '1 minute', NULL),
                       ($3, $4, 'inventory.stock.updated', 'unused', $4 || ':z', 'low', '{}', now() - interval '3 hours',
                        NULL, now() - interval '3 hours')""")
                .execute(Tuple.of(old, recent, unsent, tenant)).await().atMost(WAIT);

        assertThat(maintenance.cleanup(Duration.ofHours(1)).await().atMost(WAIT)).isGreaterThanOrEqualTo(1);

        assertThat(outboxRow(old)).isNull();
        assertThat(outboxRow(recent)).isNotNull();
        assertThat(outboxRow(unsent)).isNotNull();
    }

    private EventEnvelope<ProductDeletedPayload> event(String product) {
        return new EventEnvelope<>(EventMetadata.create(EventType.PRODUCT_DELETED, "service-commons-test", tenant, null,
                Priority.LOW), new ProductDeletedPayload(product, "SKU-1"));
    }

    private Tuple row(UUID eventId, String key, String payload) {
        return Tuple.of(eventId, tenant, topic, key, payload).addString(null);
    }

    /** Inserts the rows in one transaction, in list order (their id order), and wakes the relay. */
    private void insert(List<Tuple> rows) {
        pool.withTransaction(connection -> connection.preparedQuery("""
                INSERT INTO outbox_event (event_id, tenant_id, event_type, topic, record_key, priority, payload, traceparent)
                VALUES ($1, $2, 'inventory.stock.updated', $3, $4, 'low', $5, $6)""").executeBatch(rows))
                .await().atMost(WAIT);
        relay.signal();
    }

    /** Inserts a row in a transaction of its own, outside the service's pool. */
    private void insertOverJdbc(UUID eventId, String key) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement s = connection.prepareStatement("""
                        INSERT INTO outbox_event (event_id, tenant_id, event_type, topic, record_key, priority, payload)
                        VALUES (?, ?, 'inventory.stock.updated', ?, ?, 'low', '{}')""")) {
            s.setObject(1, eventId);
            s.setString(2, tenant);
            s.setString(3, topic);
            s.setString(4, key);
            s.executeUpdate();
        }
    }

    /** Counts the relay's database sessions, ending them first as the server would when asked to. */
    private int relaySessions(boolean terminate) throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement s = connection.prepareStatement("""
                        SELECT count(*) FILTER (WHERE NOT ? OR pg_terminate_backend(pid)) FROM pg_stat_activity
                        WHERE application_name = ? AND datname = current_database()""")) {
            s.setBoolean(1, terminate);
            s.setString(2, RelayPoolCreator.relayApplicationName(applicationName));
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private boolean isSent(UUID eventId) {
        return outboxRow(eventId).getValue("sent_at") != null;
    }

    /** The row, or null when there is none. */
    private Row outboxRow(UUID eventId) {
        var rows = pool.preparedQuery("SELECT sent_at, parked_at, attempts, last_error FROM outbox_event WHERE event_id = $1")
                .execute(Tuple.of(eventId)).await().atMost(WAIT);
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    private static void lock(Connection connection, String function) throws Exception {
        try (PreparedStatement s = connection.prepareStatement("SELECT " + function + "(?)")) {
            s.setLong(1, OutboxRelay.RELAY_LOCK);
            s.execute();
        }
    }

    /** About 18 kB of random UUIDs: far above the topic's 2 kB limit, also where a deployment compresses. */
    private static String randomText() {
        return Stream.generate(() -> UUID.randomUUID().toString()).limit(500).collect(Collectors.joining());
    }

    private static UUID eventId(ConsumerRecord<String, String> record) {
        String id = TopicReader.header(record, EventHeaders.EVENT_ID);
        return id == null ? null : UUID.fromString(id);
    }
}
