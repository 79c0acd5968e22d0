package dev.stockpulse.sales.order;

import static dev.stockpulse.sales.InventoryEvents.isEvent;
import static dev.stockpulse.sales.InventoryEvents.lowStock;
import static dev.stockpulse.sales.InventoryEvents.productCreated;
import static dev.stockpulse.sales.InventoryEvents.reservationFailed;
import static dev.stockpulse.sales.InventoryEvents.reserved;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stockpulse.commons.idempotency.IdempotencyKeyExpiry;
import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventSchemas;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.ShortLine;
import dev.stockpulse.events.inventory.StockReservationFailedPayload;
import dev.stockpulse.events.inventory.StockReservedPayload;
import dev.stockpulse.events.sales.AlertPayload;
import dev.stockpulse.events.sales.NotificationPayload;
import dev.stockpulse.events.sales.OrderLine;
import dev.stockpulse.events.sales.OrderPayload;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import dev.stockpulse.sales.InventoryEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Orders against the real broker: inventory-service's answers are produced here, as it would produce them. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class OrderFlowTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Pool pool;

    @Inject
    IdempotencyKeyExpiry keyExpiry;

    InventoryEvents inventory;
    TopicReader sales;
    String tenant;
    String ann;
    String laptop;
    String mouse;

    @BeforeEach
    void setUp() {
        inventory = new InventoryEvents(bootstrapServers);
        sales = TopicReader.fromEnd(bootstrapServers, Topics.SALES_EVENTS);
        tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
        ann = DevTokens.user(tenant, "ann");
        laptop = UUID.randomUUID().toString();
        mouse = UUID.randomUUID().toString();
        inventory.publish(productCreated(tenant, laptop, "1200.00", true), laptop);
        inventory.publish(productCreated(tenant, mouse, "19.90", true), mouse);
        // Orders are priced from the catalogue that inventory's events build: wait until both products are in it.
        await().atMost(Duration.ofSeconds(30)).until(() -> catalogued(laptop) && catalogued(mouse));
    }

    @AfterEach
    void tearDown() {
        sales.close();
        inventory.close();
    }

    @Test
    void anOrderWithEnoughStockIsConfirmed() {
        String id = order(ann, Map.of(laptop, 2L, mouse, 3L)).statusCode(201)
                .header("Location", containsString("/api/orders/"))
                .body("status", equalTo("pending")).body("user_id", equalTo("ann"))
                .body("total", equalTo(2459.70f)).body("lines", hasSize(2))
                .extract().path("id");

        EventEnvelope<OrderPayload> created = awaitOrderEvent("sales.order.created", id);
        assertThat(created.metadata().userId()).isEqualTo("ann");
        assertThat(created.metadata().priority()).isEqualTo(Priority.MEDIUM);
        assertThat(created.payload().userId()).isEqualTo("ann");
        assertThat(created.payload().status()).isEqualTo("pending");
        assertThat(created.payload().total()).isEqualByComparingTo("2459.70");
        assertThat(created.payload().lines()).extracting(OrderLine::productId, OrderLine::quantity)
                .containsExactlyInAnyOrder(tuple(laptop, 2L), tuple(mouse, 3L));
        assertThat(created.payload().lines()).filteredOn(l -> l.productId().equals(laptop))
                .extracting(OrderLine::unitPrice).containsExactly(new BigDecimal("1200.00"));

        EventEnvelope<StockReservedPayload> answer = reserved(tenant, id, laptop, 2, "ann");
        inventory.publish(answer, id);
        EventEnvelope<OrderPayload> confirmed = awaitOrderEvent("sales.order.confirmed", id);
        assertThat(confirmed.metadata().userId()).isEqualTo("ann");
        assertThat(confirmed.metadata().causationId()).isEqualTo(answer.metadata().eventId().toString());
        assertThat(confirmed.payload().status()).isEqualTo("confirmed");
        given().auth().oauth2(ann).get("/api/orders/" + id).then().statusCode(200).body("status", equalTo("confirmed"));

        // The same answer again, or a contradicting one, changes nothing and publishes nothing.
        String marker = order(ann, Map.of(mouse, 1L)).statusCode(201).extract().path("id");
        inventory.publish(answer, id);
        inventory.publish(reservationFailed(tenant, id, laptop, 2, 0, "ann"), id);
        inventory.publish(reserved(tenant, marker, mouse, 1, "ann"), id);
        awaitOrderEvent("sales.order.confirmed", marker);
        given().auth().oauth2(ann).get("/api/orders/" + id).then().body("status", equalTo("confirmed"));
        sales.poll(Duration.ofSeconds(1));
        assertThat(sales.seen().stream().filter(r -> isEvent(r, "sales.order.confirmed", tenant, id))).hasSize(1);
        assertThat(sales.seen().stream().filter(r -> isEvent(r, "sales.order.rejected", tenant, id))).isEmpty();
    }

    @Test
    void staffDeliverAConfirmedOrderAndTheBuyerIsToldAtEachOutcome() {
        String staff = DevTokens.staff(tenant, "dispatcher");
        String id = order(ann, Map.of(laptop, 1L)).statusCode(201).extract().path("id");
        awaitOrderEvent("sales.order.created", id);
        given().auth().oauth2(staff).post("/api/orders/" + id + "/deliver").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/order-not-deliverable"));

        inventory.publish(reserved(tenant, id, laptop, 1, "ann"), id);
        awaitOrderEvent("sales.order.confirmed", id);
        EventEnvelope<NotificationPayload> confirmedNote = awaitNotification(id, "Order confirmed");
        assertThat(confirmedNote.payload().level()).isEqualTo("success");
        assertThat(confirmedNote.payload().message()).contains("1 item").contains("1200.00");

        given().auth().oauth2(ann).post("/api/orders/" + id + "/deliver").then().statusCode(403);
        given().auth().oauth2(DevTokens.staff("other-" + tenant, "dispatcher")).post("/api/orders/" + id + "/deliver")
                .then().statusCode(404);
        given().auth().oauth2(staff).post("/api/orders/" + id + "/deliver").then().statusCode(200)
                .body("status", equalTo("delivered"));
        EventEnvelope<OrderPayload> delivered = awaitOrderEvent("sales.order.delivered", id);
        assertThat(delivered.metadata().userId()).isEqualTo("ann");
        assertThat(delivered.payload().status()).isEqualTo("delivered");
        assertThat(awaitNotification(id, "Order delivered").metadata().userId()).isEqualTo("ann");

        // Delivering again changes nothing and publishes nothing; a delivered order cannot be cancelled.
        given().auth().oauth2(staff).post("/api/orders/" + id + "/deliver").then().statusCode(200)
                .body("status", equalTo("delivered"));
        given().auth().oauth2(ann).post("/api/orders/" + id + "/cancel").then().statusCode(409)
                .body("type", equalTo("https://stockpulse.dev/problems/order-not-cancellable"));
        given().auth().oauth2(ann).get("/api/orders?status=delivered").then().statusCode(200).body("", hasSize(1));
        String marker = order(ann, Map.of(mouse, 1L)).statusCode(201).extract().path("id");
        awaitOrderEvent("sales.order.created", marker);
        assertThat(sales.seen().stream().filter(r -> isEvent(r, "sales.order.delivered", tenant, id))).hasSize(1);
    }

    @Test
    void statusesAreStoredAsTheStringsExistingRowsHold() {
        String placed = order(ann, Map.of(mouse, 1L)).statusCode(201).extract().path("id");
        assertThat(storedStatus(placed)).isEqualTo("pending");

        // A row written before the status was an enum, as it sits in the table.
        UUID earlier = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO sales_order (id, tenant_id, user_id, status, total, created_at, updated_at)"
                + " VALUES ($1, $2, 'ann', 'confirmed', 19.90, now(), now())").execute(Tuple.of(earlier, tenant))
                .await().indefinitely();
        pool.preparedQuery("INSERT INTO sales_order_line"
                + " (id, order_id, line_no, tenant_id, product_id, quantity, unit_price)"
                + " VALUES ($1, $2, 1, $3, $4, 1, 19.90)").execute(Tuple.of(UUID.randomUUID(), earlier, tenant, mouse))
                .await().indefinitely();
        given().auth().oauth2(ann).get("/api/orders?status=confirmed").then().statusCode(200)
                .body("id", containsInAnyOrder(earlier.toString()));
        given().auth().oauth2(DevTokens.staff(tenant, "dispatcher")).post("/api/orders/" + earlier + "/deliver").then()
                .statusCode(200).body("status", equalTo("delivered"));
        assertThat(storedStatus(earlier.toString())).isEqualTo("delivered");
        assertThat(awaitOrderEvent("sales.order.delivered", earlier.toString()).payload().status())
                .isEqualTo("delivered");
    }

    @Test
    void aRetriedOrderWithTheSameIdempotencyKeyIsPlacedOnce() throws Exception {
        String key = "checkout-" + UUID.randomUUID();
        // Two tabs submitting at the same moment, then a retry after a lost answer.
        var first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> order(ann, Map.of(laptop, 1L), key).extract().response());
        var second = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> order(ann, Map.of(laptop, 1L), key).extract().response());
        String id = first.get().then().statusCode(201).extract().path("id");
        second.get().then().statusCode(201).body("id", equalTo(id));
        order(ann, Map.of(laptop, 1L), key).statusCode(201).body("id", equalTo(id)).body("status", equalTo("pending"))
                .body("lines", hasSize(1));

        order(ann, Map.of(laptop, 2L), key).statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/idempotency-key-reused"));
        String bens = order(DevTokens.user(tenant, "ben"), Map.of(laptop, 1L), key).statusCode(201).extract().path("id");
        assertThat(bens).as("another buyer's key of the same name is another order").isNotEqualTo(id);

        awaitOrderEvent("sales.order.created", bens);
        awaitOrderEvent("sales.order.created", id);
        given().auth().oauth2(ann).get("/api/orders").then().statusCode(200).body("", hasSize(1));
        assertThat(sales.seen().stream().filter(r -> isEvent(r, "sales.order.created", tenant, id))).hasSize(1);
    }

    @Test
    void aKeyPastItsRetentionIsForgottenAndItsRepeatIsANewOrder() {
        String aged = "checkout-" + UUID.randomUUID();
        String fresh = "checkout-" + UUID.randomUUID();
        String first = order(ann, Map.of(mouse, 1L), aged).statusCode(201).extract().path("id");
        String kept = order(ann, Map.of(mouse, 2L), fresh).statusCode(201).extract().path("id");
        pool.preparedQuery("UPDATE idempotency_key SET created_at = now() - interval '25 hours'"
                + " WHERE tenant_id = $1 AND key = $2").execute(Tuple.of(tenant, "ann/" + aged)).await().indefinitely();

        assertThat(keyExpiry.expire().await().indefinitely()).isGreaterThanOrEqualTo(1);

        String again = order(ann, Map.of(mouse, 1L), aged).statusCode(201).extract().path("id");
        assertThat(again).as("a forgotten key places a new order").isNotEqualTo(first);
        order(ann, Map.of(mouse, 2L), fresh).statusCode(201).body("id", equalTo(kept));
    }

    @Test
    void aRejectedOrderTellsTheBuyerWhy() {
        String id = order(ann, Map.of(laptop, 30L)).statusCode(201).extract().path("id");
        awaitOrderEvent("sales.order.created", id);
        inventory.publish(reservationFailed(tenant, id, laptop, 30, 4, "ann"), id);

        EventEnvelope<NotificationPayload> note = awaitNotification(id, "Order rejected");
        assertThat(note.payload().level()).isEqualTo("error");
        assertThat(note.payload().userId()).isEqualTo("ann");
        assertThat(note.payload().message()).contains("requested 30, available 4");
        assertThat(note.metadata().priority()).isEqualTo(Priority.HIGH);
    }

    @Test
    void anOrderWhoseCorrelationIdIsTooLongForInventoryIsRefusedAndTheNextOrderIsAnswered() {
        given().auth().oauth2(ann).contentType(ContentType.JSON).header("X-Correlation-Id", "c".repeat(129))
                .body(Map.of("lines", List.of(Map.of("product_id", laptop, "quantity", 1)))).post("/api/orders").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("X-Correlation-Id"));
        order(ann, Map.of(laptop, 1L), "k".repeat(201)).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));

        String longest = "c".repeat(128);
        String id = given().auth().oauth2(ann).contentType(ContentType.JSON).header("X-Correlation-Id", longest)
                .body(Map.of("lines", List.of(Map.of("product_id", laptop, "quantity", 1)))).post("/api/orders").then()
                .statusCode(201).extract().path("id");
        assertThat(awaitOrderEvent("sales.order.created", id).metadata().correlationId()).isEqualTo(longest);
        inventory.publish(reserved(tenant, id, laptop, 1, "ann"), id);
        awaitOrderEvent("sales.order.confirmed", id);
        given().auth().oauth2(ann).get("/api/orders").then().statusCode(200).body("", hasSize(1));
    }

    @Test
    void aRejectionListingManyShortLinesIsCutToItsColumnAndTheOrderIsRejected() {
        String id = order(ann, Map.of(laptop, 30L)).statusCode(201).extract().path("id");
        awaitOrderEvent("sales.order.created", id);
        List<ShortLine> shortLines = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> new ShortLine(UUID.randomUUID().toString(), 30, 4)).toList();
        EventEnvelope<StockReservationFailedPayload> answer = InventoryEvents.envelope(
                dev.stockpulse.events.EventType.STOCK_RESERVATION_FAILED, tenant, Priority.HIGH,
                new StockReservationFailedPayload(id, "insufficient stock for 20 line(s)", shortLines));
        inventory.publish(answer, id);

        EventEnvelope<OrderPayload> rejected = awaitOrderEvent("sales.order.rejected", id);
        assertThat(rejected.payload().reason()).hasSize(500).startsWith("insufficient stock: ").endsWith("\u2026");
        given().auth().oauth2(ann).get("/api/orders/" + id).then().statusCode(200)
                .body("status", equalTo("rejected")).body("reason", equalTo(rejected.payload().reason()));
        assertThat(awaitNotification(id, "Order rejected").payload().message()).contains(rejected.payload().reason());
    }

    @Test
    void anOrderWithoutEnoughStockIsRejectedWithTheShortLines() {
        String id = order(ann, Map.of(laptop, 30L)).statusCode(201).extract().path("id");
        awaitOrderEvent("sales.order.created", id);

        EventEnvelope<StockReservationFailedPayload> answer = reservationFailed(tenant, id, laptop, 30, 4, "ann");
        inventory.publish(answer, id);
        EventEnvelope<OrderPayload> rejected = awaitOrderEvent("sales.order.rejected", id);
        assertThat(rejected.metadata().userId()).isEqualTo("ann");
        assertThat(rejected.metadata().priority()).isEqualTo(Priority.HIGH);
        assertThat(rejected.metadata().causationId()).isEqualTo(answer.metadata().eventId().toString());
        assertThat(rejected.payload().reason()).isEqualTo("insufficient stock: " + laptop + " requested 30, available 4");
        given().auth().oauth2(ann).get("/api/orders/" + id).then().statusCode(200)
                .body("status", equalTo("rejected")).body("reason", containsString("requested 30, available 4"));

        given().auth().oauth2(ann).post("/api/orders/" + id + "/cancel").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/order-not-cancellable"));
    }

    @Test
    void cancellingAnOrderPublishesTheCancelOnceAndAnswersArrivingLaterAreIgnored() {
        String confirmedId = order(ann, Map.of(laptop, 1L)).statusCode(201).extract().path("id");
        inventory.publish(reserved(tenant, confirmedId, laptop, 1, "ann"), confirmedId);
        awaitOrderEvent("sales.order.confirmed", confirmedId);

        given().auth().oauth2(ann).contentType(ContentType.JSON).body(Map.of("reason", "found it cheaper"))
                .post("/api/orders/" + confirmedId + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled")).body("reason", equalTo("found it cheaper"));
        EventEnvelope<OrderPayload> cancelled = awaitOrderEvent("sales.order.cancelled", confirmedId);
        assertThat(cancelled.metadata().userId()).isEqualTo("ann");
        assertThat(cancelled.payload().reason()).isEqualTo("found it cheaper");
        assertThat(cancelled.payload().lines()).hasSize(1);
        given().auth().oauth2(ann).post("/api/orders/" + confirmedId + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));

        // Staff cancel a pending order of someone else; inventory's late answer does not revive it.
        String pendingId = order(ann, Map.of(mouse, 2L)).statusCode(201).extract().path("id");
        String staff = DevTokens.staff(tenant, "sam");
        given().auth().oauth2(staff).post("/api/orders/" + pendingId + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled")).body("reason", equalTo("cancelled by sam"));
        awaitOrderEvent("sales.order.cancelled", pendingId);
        inventory.publish(reserved(tenant, pendingId, mouse, 2, "ann"), pendingId);
        String marker = order(ann, Map.of(mouse, 1L)).statusCode(201).extract().path("id");
        inventory.publish(reserved(tenant, marker, mouse, 1, "ann"), pendingId);
        awaitOrderEvent("sales.order.confirmed", marker);
        given().auth().oauth2(ann).get("/api/orders/" + pendingId).then().body("status", equalTo("cancelled"));

        sales.poll(Duration.ofSeconds(1));
        assertThat(sales.seen().stream().filter(r -> isEvent(r, "sales.order.cancelled", tenant, confirmedId))).hasSize(1);
        assertThat(sales.seen().stream().filter(r -> isEvent(r, "sales.order.confirmed", tenant, pendingId))).isEmpty();
    }

    @Test
    void usersSeeTheirOwnOrdersStaffSeeTheTenantsAndOtherTenantsNothing() {
        String bob = DevTokens.user(tenant, "bob");
        String annsOrder = order(ann, Map.of(laptop, 1L)).statusCode(201).extract().path("id");
        String bobsOrder = order(bob, Map.of(mouse, 1L)).statusCode(201).extract().path("id");

        given().auth().oauth2(ann).get("/api/orders").then().statusCode(200).header("X-Total-Count", "1")
                .body("id", containsInAnyOrder(annsOrder));
        given().auth().oauth2(ann).get("/api/orders?user_id=bob").then().body("id", containsInAnyOrder(annsOrder));
        given().auth().oauth2(ann).get("/api/orders/" + bobsOrder).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(ann).post("/api/orders/" + bobsOrder + "/cancel").then().statusCode(404);

        String admin = DevTokens.admin(tenant, "ada");
        given().auth().oauth2(admin).get("/api/orders").then().statusCode(200).header("X-Total-Count", "2")
                .body("id", containsInAnyOrder(annsOrder, bobsOrder));
        given().auth().oauth2(admin).get("/api/orders?user_id=bob").then().body("id", containsInAnyOrder(bobsOrder));
        given().auth().oauth2(admin).get("/api/orders?status=pending&size=1").then().header("X-Total-Count", "2")
                .body("", hasSize(1));
        given().auth().oauth2(admin).get("/api/orders/" + bobsOrder).then().statusCode(200)
                .body("user_id", equalTo("bob"));

        String stranger = DevTokens.admin("other-" + tenant, "eve");
        given().auth().oauth2(stranger).get("/api/orders").then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(stranger).get("/api/orders/" + annsOrder).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(stranger).post("/api/orders/" + annsOrder + "/cancel").then().statusCode(404);
        // Another tenant's answer cannot confirm this tenant's order.
        String key = "other-" + tenant + ":" + annsOrder;
        inventory.publishKeyed(key, reserved("other-" + tenant, annsOrder, laptop, 1, "ann"));
        inventory.publishKeyed(key, reserved(tenant, bobsOrder, mouse, 1, "bob"));
        awaitOrderEvent("sales.order.confirmed", bobsOrder);
        given().auth().oauth2(ann).get("/api/orders/" + annsOrder).then().body("status", equalTo("pending"));
    }

    @Test
    void badOrdersAreRefusedWithProblemDetailsAndPublishNothing() {
        String inactive = UUID.randomUUID().toString();
        inventory.publish(productCreated(tenant, inactive, "5.00", false), inactive);
        await().atMost(Duration.ofSeconds(30)).until(() -> catalogued(inactive));

        order(ann, Map.of()).statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ann).contentType(ContentType.JSON).body("{\"lines\": [{\"product_id\": \"" + laptop
                + "\", \"quantity\": 0}]}").post("/api/orders").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", containsString("quantity"));
        given().auth().oauth2(ann).contentType(ContentType.JSON).body("{\"lines\": [{\"quantity\": 1}]}")
                .post("/api/orders").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ann).contentType(ContentType.JSON).body("{\"lines\": [").post("/api/orders").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ann).contentType(ContentType.JSON).body("{}").post("/api/orders").then()
                .statusCode(400).contentType("application/problem+json");
        String unknown = UUID.randomUUID().toString();
        given().auth().oauth2(ann).contentType(ContentType.JSON)
                .body(Map.of("lines", List.of(Map.of("product_id", laptop, "quantity", 1),
                        Map.of("product_id", unknown, "quantity", 1))))
                .post("/api/orders").then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/product-not-orderable"))
                .body("errors[0].field", equalTo("lines[1].product_id"));
        order(ann, Map.of(inactive, 1L)).statusCode(422).body("detail", containsString("is not active"));
        given().post("/api/orders").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(ann).get("/api/orders/not-a-uuid").then().statusCode(404);

        given().auth().oauth2(ann).get("/api/orders").then().body("", hasSize(0));
        sales.poll(Duration.ofSeconds(1));
        assertThat(sales.seen().stream().filter(r -> r.key().startsWith(tenant + ":"))).isEmpty();
    }

    @Test
    void aShortageNamesThePendingOrdersItPutsAtRiskAndCountsThemInTheSuggestion() {
        String first = order(ann, Map.of(laptop, 3L)).statusCode(201).extract().path("id");
        String second = order(DevTokens.user(tenant, "bob"), Map.of(laptop, 2L, mouse, 1L)).statusCode(201)
                .extract().path("id");
        String confirmed = order(ann, Map.of(laptop, 1L)).statusCode(201).extract().path("id");
        inventory.publish(reserved(tenant, confirmed, laptop, 1, "ann"), confirmed);
        awaitOrderEvent("sales.order.confirmed", confirmed);

        inventory.publish(lowStock(tenant, laptop, 4, Priority.HIGH), laptop);
        ConsumerRecord<String, String> record = sales.await(r -> isEvent(r, "sales.alert.raised", tenant, laptop)
                && r.value().contains("\"reorder_needed\""), Duration.ofSeconds(30));
        assertThat(EventSchemas.validate(record.value())).isEmpty();
        AlertPayload alert = EventCodec.decode(record.value(), AlertPayload.class).payload();
        assertThat(alert.ordersAtRisk()).containsExactly(first, second);
        assertThat(alert.message()).contains("pending orders need 5, only 4 left");
        // 6 back to the reorder level, 50 reorder quantity, 5 units for the pending orders.
        assertThat(alert.reorderSuggestion().quantity()).isEqualTo(61);
        assertThat(alert.reorderSuggestion().rationale()).contains("2 pending order(s) of 5 unit(s)");

        String staff = DevTokens.staff(tenant, "sam");
        given().auth().oauth2(staff).get("/api/alerts?kind=low_stock&product_id=" + laptop).then().statusCode(200)
                .body("[0].orders_at_risk", containsInAnyOrder(first, second))
                .body("[0].reorder_suggestion.quantity", equalTo(61));
    }

    private ValidatableResponse order(String token, Map<String, Long> quantities) {
        return order(token, quantities, null);
    }

    private ValidatableResponse order(String token, Map<String, Long> quantities, String idempotencyKey) {
        List<Map<String, Object>> lines = quantities.entrySet().stream()
                .map(e -> Map.<String, Object> of("product_id", e.getKey(), "quantity", e.getValue())).toList();
        var request = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("lines", lines));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/orders").then();
    }

    private String storedStatus(String orderId) {
        return pool.preparedQuery("SELECT status FROM sales_order WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(orderId))).await().indefinitely().iterator().next().getString("status");
    }

    /** Whether sales-service has read the product's catalogue event yet. */
    private boolean catalogued(String productId) {
        return pool.preparedQuery("SELECT 1 FROM product_view WHERE tenant_id = $1 AND product_id = $2 AND catalogued")
                .execute(Tuple.of(tenant, productId)).await().indefinitely().size() == 1;
    }

    private EventEnvelope<NotificationPayload> awaitNotification(String orderId, String title) {
        ConsumerRecord<String, String> record = sales.await(r -> isEvent(r, "sales.notification", tenant, orderId)
                && EventCodec.decode(r.value(), NotificationPayload.class).payload().title().equals(title),
                Duration.ofSeconds(30));
        assertThat(EventSchemas.validate(record.value())).isEmpty();
        return EventCodec.decode(record.value(), NotificationPayload.class);
    }

    private EventEnvelope<OrderPayload> awaitOrderEvent(String type, String orderId) {
        ConsumerRecord<String, String> record = sales.await(r -> isEvent(r, type, tenant, orderId), Duration.ofSeconds(30));
        assertThat(EventSchemas.validate(record.value())).isEmpty();
        EventEnvelope<OrderPayload> event = EventCodec.decode(record.value(), OrderPayload.class);
        assertThat(event.payload().orderId()).isEqualTo(orderId);
        assertThat(event.metadata().sourceService()).isEqualTo("sales-service");
        return event;
    }
}
