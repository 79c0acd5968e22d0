package dev.stockpulse.sales.alert;

import static dev.stockpulse.sales.InventoryEvents.isEvent;
import static dev.stockpulse.sales.InventoryEvents.lowStock;
import static dev.stockpulse.sales.InventoryEvents.outOfStock;
import static dev.stockpulse.sales.InventoryEvents.replenished;
import static dev.stockpulse.sales.InventoryEvents.stockUpdated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventSchemas;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.sales.AlertPayload;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import dev.stockpulse.sales.InventoryEvents;
import dev.stockpulse.sales.alert.service.DeadStockScan;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class AlertLifecycleTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DeadStockScan deadStockScan;

    @Inject
    Pool pool;

    InventoryEvents inventory;
    TopicReader sales;
    String tenant;
    String staff;

    @BeforeEach
    void setUp() {
        inventory = new InventoryEvents(bootstrapServers);
        sales = TopicReader.fromEnd(bootstrapServers, Topics.SALES_EVENTS);
        tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
        staff = DevTokens.staff(tenant, "clerk-7");
    }

    @AfterEach
    void tearDown() {
        sales.close();
        inventory.close();
    }

    @Test
    void anAlertIsRaisedEscalatedAcknowledgedEscalatedAgainAndResolvedByReplenishment() {
        inventory.publish(lowStock(tenant, "p-1", 8, Priority.MEDIUM), "p-1");
        EventEnvelope<AlertPayload> raised = awaitAlertEvent("sales.alert.raised", "p-1");
        assertThat(raised.payload().status()).isEqualTo("raised");
        assertThat(raised.payload().priority()).isEqualTo(Priority.MEDIUM);
        String id = raised.payload().alertId();

        inventory.publish(lowStock(tenant, "p-1", 4, Priority.HIGH), "p-1");
        EventEnvelope<AlertPayload> escalated = awaitAlertEvent("sales.alert.escalated", "p-1");
        assertThat(escalated.payload().alertId()).isEqualTo(id);
        assertThat(escalated.payload().priority()).isEqualTo(Priority.HIGH);
        assertThat(escalated.payload().currentStock()).isEqualTo(4);
        assertThat(escalated.metadata().priority()).isEqualTo(Priority.HIGH);

        given().auth().oauth2(staff).post("/api/alerts/" + id + "/acknowledge").then().statusCode(200)
                .body("status", equalTo("acknowledged")).body("acknowledged_by", equalTo("clerk-7"))
                .body("acknowledged_at", notNullValue());
        EventEnvelope<AlertPayload> acknowledged = awaitAlertEvent("sales.alert.acknowledged", "p-1");
        assertThat(acknowledged.payload().alertId()).isEqualTo(id);
        assertThat(acknowledged.metadata().userId()).isEqualTo("clerk-7");
        // Acknowledging twice changes nothing and publishes nothing.
        given().auth().oauth2(staff).post("/api/alerts/" + id + "/acknowledge").then().statusCode(200)
                .body("status", equalTo("acknowledged"));

        // A repeat at the same priority updates the numbers and keeps the person's acknowledgement.
        inventory.publish(lowStock(tenant, "p-1", 3, Priority.HIGH), "p-1");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(staff)
                .get("/api/alerts/" + id).then().body("current_stock", equalTo(3)).body("status", equalTo("acknowledged")));

        // A higher priority after the acknowledgement escalates again: the person acknowledged a lesser situation.
        inventory.publish(lowStock(tenant, "p-1", 2, Priority.CRITICAL), "p-1");
        awaitCount("sales.alert.escalated", "p-1", 2);

        inventory.publish(stockUpdated(tenant, "p-1", "wh-1", 2, 60, "receipt", Instant.now()), "p-1");
        inventory.publish(replenished(tenant, "p-1", "wh-1", 2, 60), "p-1");
        EventEnvelope<AlertPayload> resolved = awaitAlertEvent("sales.alert.resolved", "p-1");
        assertThat(resolved.payload().alertId()).isEqualTo(id);
        assertThat(resolved.payload().currentStock()).isEqualTo(60);
        assertThat(resolved.metadata().userId()).isNull();
        given().auth().oauth2(staff).get("/api/alerts/" + id).then().statusCode(200)
                .body("status", equalTo("resolved")).body("resolved_by", nullValue())
                .body("resolution", containsString("replenished")).body("resolved_at", notNullValue());

        sales.poll(Duration.ofSeconds(1));
        assertThat(sales.seen().stream().filter(r -> isEvent(r, "sales.alert.acknowledged", tenant, "p-1"))).hasSize(1);
        // Resolved alerts are history: the next shortage raises a new one.
        inventory.publish(lowStock(tenant, "p-1", 5, Priority.MEDIUM), "p-1");
        awaitCount("sales.alert.raised", "p-1", 2);
        given().auth().oauth2(staff).get("/api/alerts?product_id=p-1").then().body("", hasSize(2));
    }

    @Test
    void aPersonResolvesAnAlertOnceAndCannotAcknowledgeItAfterwards() {
        inventory.publish(outOfStock(tenant, "p-2"), "p-2");
        EventEnvelope<AlertPayload> raised = awaitAlertEvent("sales.alert.raised", "p-2");
        assertThat(raised.payload().kind()).isEqualTo(AlertPayload.KIND_OUT_OF_STOCK);
        assertThat(raised.payload().priority()).isEqualTo(Priority.CRITICAL);
        assertThat(raised.payload().reorderSuggestion().quantity()).isEqualTo(60);
        String id = raised.payload().alertId();

        given().auth().oauth2(staff).contentType(ContentType.JSON).body(Map.of("note", "supplier called, truck on its way"))
                .post("/api/alerts/" + id + "/resolve").then().statusCode(200)
                .body("status", equalTo("resolved")).body("resolved_by", equalTo("clerk-7"))
                .body("resolution", equalTo("Resolved by clerk-7: supplier called, truck on its way"));
        EventEnvelope<AlertPayload> resolved = awaitAlertEvent("sales.alert.resolved", "p-2");
        assertThat(resolved.metadata().userId()).isEqualTo("clerk-7");
        assertThat(resolved.payload().message()).contains("supplier called");

        given().auth().oauth2(staff).post("/api/alerts/" + id + "/resolve").then().statusCode(200)
                .body("status", equalTo("resolved"));
        given().auth().oauth2(staff).post("/api/alerts/" + id + "/acknowledge").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/alert-resolved"));
        sales.poll(Duration.ofSeconds(1));
        assertThat(sales.seen().stream().filter(r -> isEvent(r, "sales.alert.resolved", tenant, "p-2"))).hasSize(1);
    }

    @Test
    void aFastSellingLowLevelRaisesStockoutRiskAndReorderNeededWithTheirNumbers() {
        inventory.publish(lowStock(tenant, "p-3", 6, Priority.HIGH, 2.0), "p-3");
        awaitCount("sales.alert.raised", "p-3", 3);
        List<EventEnvelope<AlertPayload>> raised = sales.seen().stream()
                .filter(r -> isEvent(r, "sales.alert.raised", tenant, "p-3"))
                .map(r -> EventCodec.decode(r.value(), AlertPayload.class)).toList();
        assertThat(raised).extracting(e -> e.payload().kind()).containsExactlyInAnyOrder(
                AlertPayload.KIND_LOW_STOCK, AlertPayload.KIND_STOCKOUT_RISK, AlertPayload.KIND_REORDER_NEEDED);
        assertThat(raised).allSatisfy(e -> {
            assertThat(e.payload().priority()).isEqualTo(Priority.HIGH);
            assertThat(e.payload().daysOfStockRemaining()).isEqualTo(2.0);
            // 4 back to the reorder level, 50 reorder quantity; at 3 a day that is about 18 days of demand.
            assertThat(e.payload().reorderSuggestion().quantity()).isEqualTo(54);
            assertThat(e.payload().reorderSuggestion().rationale()).contains("18 days of demand");
        });

        given().auth().oauth2(staff).get("/api/alerts?kind=stockout_risk&product_id=p-3").then().statusCode(200)
                .body("", hasSize(1)).body("[0].message", containsString("2.0 days"));
        given().auth().oauth2(staff).get("/api/alerts?kind=reorder_needed").then().statusCode(200)
                .body("", hasSize(1)).body("[0].message", containsString("14-day lead time"));

        // Slow sellers stay plain low stock.
        inventory.publish(lowStock(tenant, "p-4", 9, Priority.MEDIUM, 30.0), "p-4");
        awaitAlertEvent("sales.alert.raised", "p-4");
        given().auth().oauth2(staff).get("/api/alerts?product_id=p-4").then().body("", hasSize(1))
                .body("[0].kind", equalTo("low_stock"));
    }

    @Test
    void replenishingOneWarehouseWhileAnotherIsStillShortKeepsTheAlertOpen() {
        inventory.publish(stockUpdated(tenant, "p-5", "wh-1", 12, 4, "sale", Instant.now()), "p-5");
        inventory.publish(stockUpdated(tenant, "p-5", "wh-2", 12, 3, "sale", Instant.now()), "p-5");
        inventory.publish(lowStock(tenant, "p-5", 4, Priority.HIGH), "p-5");
        String id = awaitAlertEvent("sales.alert.raised", "p-5").payload().alertId();

        inventory.publish(stockUpdated(tenant, "p-5", "wh-1", 4, 40, "receipt", Instant.now()), "p-5");
        inventory.publish(replenished(tenant, "p-5", "wh-1", 4, 40), "p-5");
        inventory.publish(lowStock(tenant, "p-marker", 5, Priority.MEDIUM), "p-5");
        awaitAlertEvent("sales.alert.raised", "p-marker");
        given().auth().oauth2(staff).get("/api/alerts/" + id).then().body("status", equalTo("raised"));

        inventory.publish(stockUpdated(tenant, "p-5", "wh-2", 3, 30, "receipt", Instant.now()), "p-5");
        inventory.publish(replenished(tenant, "p-5", "wh-2", 3, 30), "p-5");
        awaitAlertEvent("sales.alert.resolved", "p-5");
        given().auth().oauth2(staff).get("/api/alerts/" + id).then().body("status", equalTo("resolved"));
    }

    @Test
    void stockWithoutASaleForTooLongIsDeadStockUntilItSellsAgain() throws Throwable {
        Instant longAgo = Instant.now().minus(Duration.ofDays(100));
        inventory.publish(stockUpdated(tenant, "p-dead", "wh-1", 0, 20, "receipt", longAgo), "p-dead");
        inventory.publish(stockUpdated(tenant, "p-alive", "wh-1", 0, 30, "receipt", longAgo), "p-alive");
        inventory.publish(stockUpdated(tenant, "p-alive", "wh-1", 30, 29, "sale", Instant.now().minus(Duration.ofDays(2))),
                "p-alive");
        inventory.publish(stockUpdated(tenant, "p-gone", "wh-1", 0, 5, "receipt", longAgo), "p-gone");
        inventory.publish(stockUpdated(tenant, "p-gone", "wh-1", 5, 0, "damage", longAgo), "p-gone");

        // A scan may run before p-alive's sale is applied and flag it for a moment; the sale then resolves it. What
        // must hold is where the open alerts settle.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            VertxContextSupport.subscribeAndAwait(deadStockScan::scan);
            given().auth().oauth2(staff).get("/api/alerts?kind=dead_stock&status=open").then().statusCode(200)
                    .body("product_id", containsInAnyOrder("p-dead"));
        });
        given().auth().oauth2(staff).get("/api/alerts?kind=dead_stock&status=open").then()
                .body("[0].priority", equalTo("low")).body("[0].current_stock", equalTo(20))
                .body("[0].days_since_last_sale", equalTo(100)).body("[0].reorder_suggestion", nullValue());
        EventEnvelope<AlertPayload> raised = awaitAlertEvent("sales.alert.raised", "p-dead");
        assertThat(raised.payload().kind()).isEqualTo(AlertPayload.KIND_DEAD_STOCK);
        assertThat(raised.payload().reorderSuggestion()).isNull();
        assertThat(raised.payload().message()).contains("no sale for 100 days");

        // Another scan updates the open alert rather than raising a second one.
        VertxContextSupport.subscribeAndAwait(deadStockScan::scan);
        given().auth().oauth2(staff).get("/api/alerts?kind=dead_stock&product_id=p-dead").then().body("", hasSize(1));

        inventory.publish(stockUpdated(tenant, "p-dead", "wh-1", 20, 19, "sale", Instant.now()), "p-dead");
        EventEnvelope<AlertPayload> resolved = awaitAlertEvent("sales.alert.resolved", "p-dead");
        assertThat(resolved.payload().message()).contains("sold again");
        sales.poll(Duration.ofSeconds(1));
        assertThat(sales.seen().stream().filter(r -> isEvent(r, "sales.alert.raised", tenant, "p-dead"))).hasSize(1);
    }

    /**
     * The interleaving behind an intermittent failure of the test above: the scan has read the product as dead and is
     * about to commit its alert when the sale arrives. The test holds the scan between its read and its commit (an
     * uncommitted open alert of the same product and kind makes the scan's insert wait on the unique index), lets the
     * consumer do what it can with the sale, then lets the scan go: the sale must still end the alert.
     */
    @Test
    void aSaleArrivingWhileTheScanRaisesDeadStockStillResolvesIt() throws Throwable {
        inventory.publish(stockUpdated(tenant, "p-race", "wh-1", 0, 20, "receipt", Instant.now().minus(Duration.ofDays(100))),
                "p-race");
        await().atMost(Duration.ofSeconds(30)).until(() -> queryLong(
                "SELECT count(*) FROM product_view WHERE tenant_id = $1 AND product_id = $2 AND stock_on_hand = 20",
                tenant, "p-race") > 0);

        SqlConnection holder = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        CompletableFuture<Integer> scan;
        try {
            Transaction held = holder.begin().await().atMost(Duration.ofSeconds(10));
            holder.preparedQuery("INSERT INTO alert (id, tenant_id, product_id, kind, status, priority, message, raised_at,"
                    + " updated_at) VALUES ($1, $2, 'p-race', 'dead_stock', 'raised', 'low', 'holds the scan', now(), now())")
                    .execute(Tuple.of(UUID.randomUUID(), tenant)).await().atMost(Duration.ofSeconds(10));
            int holderPid = holder.query("SELECT pg_backend_pid()").execute().await().atMost(Duration.ofSeconds(10))
                    .iterator().next().getInteger(0);

            scan = CompletableFuture.supplyAsync(() -> {
                try {
                    return VertxContextSupport.subscribeAndAwait(deadStockScan::scan);
                } catch (Throwable e) {
                    throw new CompletionException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", holderPid) > 0);

            inventory.publish(stockUpdated(tenant, "p-race", "wh-1", 20, 19, "sale", Instant.now()), "p-race");
            // Either the consumer applied the sale, or it waits for the scan (which waits for the holder).
            await().atMost(Duration.ofSeconds(30)).until(() -> queryLong(
                    "SELECT count(*) FROM product_view WHERE tenant_id = $1 AND product_id = $2 AND last_sale_at IS NOT NULL",
                    tenant, "p-race") > 0
                    || queryLong("SELECT count(*) FROM pg_stat_activity a WHERE EXISTS (SELECT 1 FROM pg_stat_activity s"
                            + " WHERE s.pid = ANY(pg_blocking_pids(a.pid)) AND $1 = ANY(pg_blocking_pids(s.pid)))",
                            holderPid) > 0);
            held.rollback().await().atMost(Duration.ofSeconds(10));
        } finally {
            holder.close().await().atMost(Duration.ofSeconds(10));
        }
        scan.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> queryLong(
                "SELECT count(*) FROM product_view WHERE tenant_id = $1 AND product_id = $2 AND last_sale_at IS NOT NULL",
                tenant, "p-race") > 0);

        // The sale is committed, and with it whatever it resolved: no dead-stock alert may be left open.
        given().auth().oauth2(staff).get("/api/alerts?kind=dead_stock&product_id=p-race&status=open").then().statusCode(200)
                .body("", hasSize(0));
        EventEnvelope<AlertPayload> resolved = awaitAlertEvent("sales.alert.resolved", "p-race");
        assertThat(resolved.payload().message()).contains("sold again");
    }

    @Test
    void theListFiltersByStatusPriorityKindAndProductAndPages() {
        inventory.publish(lowStock(tenant, "p-a", 8, Priority.MEDIUM), "p-a");
        inventory.publish(lowStock(tenant, "p-b", 3, Priority.HIGH), "p-b");
        inventory.publish(outOfStock(tenant, "p-c"), "p-c");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staff)
                .get("/api/alerts").then().statusCode(200).body("", hasSize(3)));
        String idOfB = given().auth().oauth2(staff).get("/api/alerts?product_id=p-b").then().extract().path("[0].id");
        given().auth().oauth2(staff).post("/api/alerts/" + idOfB + "/resolve").then().statusCode(200);

        given().auth().oauth2(staff).get("/api/alerts?priority=critical").then().body("product_id", containsInAnyOrder("p-c"));
        given().auth().oauth2(staff).get("/api/alerts?priority=HIGH").then().body("product_id", containsInAnyOrder("p-b"));
        given().auth().oauth2(staff).get("/api/alerts?kind=low_stock").then()
                .body("product_id", containsInAnyOrder("p-a", "p-b"));
        given().auth().oauth2(staff).get("/api/alerts?status=open").then()
                .body("product_id", containsInAnyOrder("p-a", "p-c"));
        given().auth().oauth2(staff).get("/api/alerts?status=resolved").then()
                .body("product_id", containsInAnyOrder("p-b"));
        given().auth().oauth2(staff).get("/api/alerts?kind=low_stock&status=raised").then()
                .body("product_id", containsInAnyOrder("p-a"));

        given().auth().oauth2(staff).get("/api/alerts?size=2&page=0").then().statusCode(200)
                .header("X-Total-Count", "3").body("", hasSize(2));
        given().auth().oauth2(staff).get("/api/alerts?size=2&page=1").then().statusCode(200)
                .header("X-Total-Count", "3").body("", hasSize(1));

        given().auth().oauth2(staff).get("/api/alerts?kind=sold_out").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("kind"));
        given().auth().oauth2(staff).get("/api/alerts?status=closed").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(staff).get("/api/alerts?priority=urgent").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(staff).get("/api/alerts?size=0").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(DevTokens.user(tenant, "shopper")).get("/api/alerts").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(staff).get("/api/alerts/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }

    private long queryLong(String sql, Object... params) {
        Tuple tuple = Tuple.tuple();
        for (Object param : params) {
            tuple.addValue(param);
        }
        return pool.preparedQuery(sql).execute(tuple).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private EventEnvelope<AlertPayload> awaitAlertEvent(String type, String productId) {
        ConsumerRecord<String, String> record = sales.await(r -> isEvent(r, type, tenant, productId), Duration.ofSeconds(30));
        return checked(record);
    }

    private void awaitCount(String type, String productId, int count) {
        sales.awaitCount(r -> isEvent(r, type, tenant, productId), count, Duration.ofSeconds(30)).forEach(this::checked);
    }

    /** Every alert event is valid against its schema and says in its payload what its type says. */
    private EventEnvelope<AlertPayload> checked(ConsumerRecord<String, String> record) {
        assertThat(EventSchemas.validate(record.value())).isEmpty();
        EventEnvelope<AlertPayload> event = EventCodec.decode(record.value(), AlertPayload.class);
        assertThat(event.metadata().eventType()).endsWith("." + event.payload().status());
        assertThat(event.metadata().tenantId()).isEqualTo(tenant);
        return event;
    }
}
