package dev.stockpulse.inventory.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicAdmin;
import dev.stockpulse.localstack.test.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One row Kafka refuses must not hold up the others, nor make the relay send again what Kafka already has. Rows are
 * written straight into the outbox (as a change's transaction would) on a topic of each test's own, so every record
 * on it can be counted.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class OutboxParkingTest {

    /** Above the producer's max.request.size (1 MiB by default): refused before it leaves the service. */
    private static final String TOO_LARGE_FOR_THE_PRODUCER = "x".repeat(1_100_000);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Pool pool;

    @Inject
    OutboxRelay relay;

    final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    final String admin = DevTokens.admin(tenant, "ops");
    final String topic = "outbox-parking-" + UUID.randomUUID();

    @AfterEach
    void removeTheTenantsRows() {
        pool.preparedQuery("DELETE FROM outbox_event WHERE tenant_id = $1").execute(Tuple.of(tenant)).await().indefinitely();
    }

    @Test
    void aRowTooLargeForTheProducerIsParkedAndTheRowsOfOtherKeysArePublishedOnce() {
        TopicAdmin.create(bootstrapServers, topic, 1, Map.of());
        UUID tooLarge = UUID.randomUUID();
        List<UUID> others = IntStream.range(0, 5).mapToObj(i -> UUID.randomUUID()).toList();
        List<Tuple> rows = new ArrayList<>();
        rows.add(row(tooLarge, "big-order", TOO_LARGE_FOR_THE_PRODUCER));
        for (int i = 0; i < others.size(); i++) {
            rows.add(row(others.get(i), "product-" + i, "{}"));
        }
        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, topic)) {
            insert(rows);
            reader.awaitCount(r -> others.contains(eventId(r)), others.size(), WAIT);

            // Later rounds (this marker is published by one) must not send the accepted rows again.
            UUID marker = UUID.randomUUID();
            insert(List.of(row(marker, "marker", "{}")));
            reader.await(r -> marker.equals(eventId(r)), WAIT);
            reader.poll(Duration.ofSeconds(1));
            for (UUID other : others) {
                assertThat(reader.seen()).filteredOn(r -> other.equals(eventId(r))).as("copies of %s", other).hasSize(1);
            }
            assertThat(reader.seen()).noneMatch(r -> tooLarge.equals(eventId(r)));
        }
        assertThat(others).allMatch(this::isSent);

        await().atMost(WAIT).until(() -> isParked(tooLarge));
        given().auth().oauth2(admin).get("/api/admin/outbox/parked").then().statusCode(200)
                .body("event_id", equalTo(List.of(tooLarge.toString())))
                .body("[0].tenant_id", equalTo(tenant))
                .body("[0].record_key", equalTo(tenant + ":big-order"))
                .body("[0].topic", equalTo(topic))
                .body("[0].payload_bytes", equalTo(TOO_LARGE_FOR_THE_PRODUCER.length()))
                .body("[0].reason", containsString("RecordTooLargeException"))
                .body("[0].waiting_behind", equalTo(0));
        // Same rules as the rest of the service: another tenant's admin sees none of it, staff see nothing at all.
        given().auth().oauth2(DevTokens.admin("other-" + tenant, "ops")).get("/api/admin/outbox/parked").then()
                .statusCode(200).body("event_id", not(hasItem(tooLarge.toString())));
        given().auth().oauth2(DevTokens.staff(tenant, "clerk")).get("/api/admin/outbox/parked").then().statusCode(403);

        await().atMost(WAIT).untilAsserted(() -> assertThat(metric("stockpulse_outbox_parked_rows")).isGreaterThanOrEqualTo(1));
        assertThat(metric("stockpulse_outbox_parked_total")).isGreaterThanOrEqualTo(1);
        given().get("/health/live").then().statusCode(200);
    }

    @Test
    void aKeysLaterRowsWaitBehindItsFailedRowWhileOtherKeysGoOn() {
        TopicAdmin.create(bootstrapServers, topic, 1, Map.of());
        UUID tooLarge = UUID.randomUUID();
        UUID behind1 = UUID.randomUUID();
        UUID behind2 = UUID.randomUUID();
        UUID otherKey = UUID.randomUUID();
        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, topic)) {
            insert(List.of(row(tooLarge, "order-1", TOO_LARGE_FOR_THE_PRODUCER), row(behind1, "order-1", "{}"),
                    row(otherKey, "order-2", "{}"), row(behind2, "order-1", "{}")));
            reader.await(r -> otherKey.equals(eventId(r)), WAIT);

            UUID marker = UUID.randomUUID();
            insert(List.of(row(marker, "order-3", "{}")));
            reader.await(r -> marker.equals(eventId(r)), WAIT);
            reader.poll(Duration.ofSeconds(1));
            assertThat(reader.seen()).noneMatch(r -> List.of(tooLarge, behind1, behind2).contains(eventId(r)));
        }
        await().atMost(WAIT).until(() -> isParked(tooLarge));
        assertThat(List.of(behind1, behind2)).noneMatch(this::isSent).noneMatch(this::isParked);
        given().auth().oauth2(admin).get("/api/admin/outbox/parked").then().statusCode(200)
                .body("[0].event_id", equalTo(tooLarge.toString()))
                .body("[0].waiting_behind", equalTo(2));
    }

    @Test
    void replayAfterTheFixPublishesTheParkedRowAndThenTheRowsThatWaitedBehindIt() throws Exception {
        // The broker refuses records above the topic's max.message.bytes; raising it is the operator's fix.
        TopicAdmin.create(bootstrapServers, topic, 1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2048"));
        UUID refused = UUID.randomUUID();
        UUID behind = UUID.randomUUID();
        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, topic)) {
            insert(List.of(row(refused, "order-1", incompressible(16_000)), row(behind, "order-1", "{}")));
            await().atMost(WAIT).until(() -> isParked(refused));
            given().auth().oauth2(admin).get("/api/admin/outbox/parked").then().statusCode(200)
                    .body("[0].event_id", equalTo(refused.toString()))
                    .body("[0].reason", containsString("RecordTooLargeException"));

            given().auth().oauth2(DevTokens.admin("other-" + tenant, "ops"))
                    .post("/api/admin/outbox/parked/" + refused + "/replay").then().statusCode(404);
            TopicAdmin.set(bootstrapServers, topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588");
            given().auth().oauth2(admin).post("/api/admin/outbox/parked/" + refused + "/replay").then().statusCode(200)
                    .body("replayed", equalTo(List.of(refused.toString())));

            List<ConsumerRecord<String, String>> published = reader.awaitCount(
                    r -> List.of(refused, behind).contains(eventId(r)), 2, WAIT);
            assertThat(published).extracting(OutboxParkingTest::eventId).containsExactly(refused, behind);
        }
        await().atMost(WAIT).until(() -> isSent(refused) && isSent(behind));
        given().auth().oauth2(admin).get("/api/admin/outbox/parked").then().statusCode(200).body("$", empty());
        given().auth().oauth2(admin).post("/api/admin/outbox/parked/" + refused + "/replay").then().statusCode(404);
    }

    private Tuple row(UUID eventId, String aggregate, String payload) {
        return Tuple.of(eventId, tenant, topic, tenant + ":" + aggregate, payload);
    }

    /** Inserts the rows in one transaction, in list order (their id order), and wakes the relay. */
    private void insert(List<Tuple> rows) {
        pool.withTransaction(connection -> connection.preparedQuery("""
                INSERT INTO outbox_event (event_id, tenant_id, event_type, topic, record_key, priority, payload)
                VALUES ($1, $2, 'inventory.stock.updated', $3, $4, 'low', $5)""").executeBatch(rows))
                .await().atMost(WAIT);
        relay.signal();
    }

    private boolean isSent(UUID eventId) {
        return outboxRow(eventId).getValue("sent_at") != null;
    }

    private boolean isParked(UUID eventId) {
        return outboxRow(eventId).getValue("parked_at") != null;
    }

    private Row outboxRow(UUID eventId) {
        return pool.preparedQuery("SELECT sent_at, parked_at FROM outbox_event WHERE event_id = $1").execute(Tuple.of(eventId))
                .await().atMost(WAIT).iterator().next();
    }

    /** Random text that no compression a deployment may set shrinks below the topic's limit. */
    private static String incompressible(int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).substring(0, length);
    }

    private static double metric(String name) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static UUID eventId(ConsumerRecord<String, String> record) {
        String id = TopicReader.header(record, EventHeaders.EVENT_ID);
        return id == null ? null : UUID.fromString(id);
    }
}
