package dev.stockpulse.sales.analytics;

import static dev.stockpulse.sales.InventoryEvents.isEvent;
import static dev.stockpulse.sales.InventoryEvents.outOfStock;
import static dev.stockpulse.sales.InventoryEvents.productCreated;
import static dev.stockpulse.sales.InventoryEvents.replenished;
import static dev.stockpulse.sales.InventoryEvents.reservationFailed;
import static dev.stockpulse.sales.InventoryEvents.reserved;
import static dev.stockpulse.sales.InventoryEvents.stockUpdated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import dev.stockpulse.events.sales.DailySummaryPayload;
import dev.stockpulse.events.sales.MonthlyReportPayload;
import dev.stockpulse.events.sales.OrderCounts;
import dev.stockpulse.events.sales.OutOfStockProduct;
import dev.stockpulse.events.sales.TopMover;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import dev.stockpulse.sales.InventoryEvents;
import dev.stockpulse.sales.analytics.service.AnalyticsService;
import dev.stockpulse.sales.analytics.service.AnalyticsService.Computed;
import dev.stockpulse.sales.outbox.Cause;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Daily summaries and monthly reports on the real stack: a day's figures from the movements, orders and alerts that
 * went through the service that day, published once and again only when they change; months summed from the stored
 * days; REST and its bad input.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class AnalyticsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DAILY = "sales.analytics.daily_summary";
    private static final String MONTHLY = "sales.analytics.monthly_report";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Pool pool;

    @Inject
    AnalyticsService analytics;

    InventoryEvents inventory;
    TopicReader sales;
    String tenant;
    String staff;
    String ann;
    String laptop;
    String mouse;
    String cable;

    @BeforeEach
    void setUp() {
        inventory = new InventoryEvents(bootstrapServers);
        sales = TopicReader.fromEnd(bootstrapServers, Topics.SALES_EVENTS);
        tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
        staff = DevTokens.staff(tenant, "sam");
        ann = DevTokens.user(tenant, "ann");
        laptop = "laptop-" + UUID.randomUUID();
        mouse = "mouse-" + UUID.randomUUID();
        cable = "cable-" + UUID.randomUUID();
        inventory.publish(productCreated(tenant, laptop, "1200.00", true), laptop);
        inventory.publish(productCreated(tenant, mouse, "19.90", true), mouse);
        inventory.publish(productCreated(tenant, cable, "5.00", true), cable);
        await().atMost(WAIT).until(() -> catalogued(laptop) && catalogued(mouse) && catalogued(cable));
    }

    @AfterEach
    void tearDown() {
        sales.close();
        inventory.close();
    }

    @Test
    void aDaysSummaryHasTheMovementsOrdersAndAlertsOfThatDayAndIsPublishedOnceUntilItChanges() throws Throwable {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant now = Instant.now();
        // Sales outside orders: 3 laptops, 10 mice. A receipt is stock, not demand.
        inventory.publish(stockUpdated(tenant, laptop, "wh-1", 100, 97, "sale", now), laptop);
        inventory.publish(stockUpdated(tenant, mouse, "wh-1", 50, 40, "sale", now), mouse);
        inventory.publish(stockUpdated(tenant, mouse, "wh-1", 40, 60, "receipt", now), mouse);
        // Orders: delivered (2 laptops, 2400.00), rejected, cancelled while pending, confirmed and left so.
        String delivered = order(Map.of(laptop, 2L));
        inventory.publish(reserved(tenant, delivered, laptop, 2, "ann"), delivered);
        String rejected = order(Map.of(mouse, 1L));
        inventory.publish(reservationFailed(tenant, rejected, mouse, 1, 0, "ann"), rejected);
        String cancelled = order(Map.of(mouse, 1L));
        given().auth().oauth2(ann).post("/api/orders/" + cancelled + "/cancel").then().statusCode(200);
        String confirmed = order(Map.of(laptop, 1L));
        inventory.publish(reserved(tenant, confirmed, laptop, 1, "ann"), confirmed);
        await().atMost(WAIT).until(() -> "confirmed".equals(status(delivered)) && "rejected".equals(status(rejected))
                && "confirmed".equals(status(confirmed)));
        given().auth().oauth2(staff).post("/api/orders/" + delivered + "/deliver").then().statusCode(200);
        // Alerts: the cable runs out and stays out; the mouse runs out and is replenished.
        inventory.publish(outOfStock(tenant, cable), cable);
        inventory.publish(outOfStock(tenant, mouse), mouse);
        sales.await(r -> isEvent(r, "sales.alert.raised", tenant, mouse), WAIT);
        inventory.publish(replenished(tenant, mouse, "wh-1", 0, 60), mouse);
        sales.await(r -> isEvent(r, "sales.alert.resolved", tenant, mouse), WAIT);
        sales.await(r -> isEvent(r, "sales.alert.raised", tenant, cable), WAIT);
        await().atMost(WAIT).until(() -> stockOnHand(mouse) == 60 && stockOnHand(laptop) == 97);

        Computed<DailySummaryPayload> first = summarise(today);

        assertThat(first.published()).isTrue();
        DailySummaryPayload summary = first.report();
        assertThat(summary.date()).isEqualTo(today);
        assertThat(summary.timeZone()).isEqualTo("UTC");
        assertThat(summary.revision()).isEqualTo(1);
        assertThat(summary.unitsSoldDirect()).isEqualTo(13);
        assertThat(summary.unitsSoldInOrders()).isEqualTo(2);
        assertThat(summary.unitsSold()).isEqualTo(15);
        assertThat(summary.revenue()).isEqualTo(new BigDecimal("2400.00"));
        assertThat(summary.orders()).isEqualTo(new OrderCounts(4, 2, 1, 1, 1));
        // 97 laptops at 1200.00, 60 mice at 19.90; the cable has no stock reported.
        assertThat(summary.stockValue()).isEqualTo(new BigDecimal("117594.00"));
        assertThat(summary.stockValueAt()).isBetween(now, Instant.now());
        assertThat(summary.productsOutOfStock()).isEqualTo(1);
        assertThat(summary.outOfStock()).extracting(OutOfStockProduct::productId).containsExactly(cable);
        assertThat(summary.alertsRaised()).isEqualTo(2);
        assertThat(summary.alertsResolved()).isEqualTo(1);
        assertThat(summary.topMovers()).extracting(TopMover::productId, TopMover::units)
                .containsExactly(tuple(mouse, 10L), tuple(laptop, 5L));
        assertThat(summary.topMovers().get(1).name()).isEqualTo("Laptop " + laptop);

        EventEnvelope<DailySummaryPayload> event = awaitEvent(DAILY, DailySummaryPayload.class);
        assertThat(event.payload()).isEqualTo(summary);
        assertThat(event.metadata().tenantId()).isEqualTo(tenant);
        assertThat(event.metadata().userId()).isNull();
        assertThat(event.metadata().priority()).isEqualTo(Priority.LOW);

        // The same day again: nothing new to say.
        Computed<DailySummaryPayload> again = summarise(today);
        assertThat(again.published()).isFalse();
        assertThat(again.report()).isEqualTo(summary);

        // Another sale that day: an update, revision 2, with the stock value first taken.
        inventory.publish(stockUpdated(tenant, laptop, "wh-1", 97, 96, "sale", Instant.now()), laptop);
        await().atMost(WAIT).until(() -> stockOnHand(laptop) == 96);
        Computed<DailySummaryPayload> changed = summarise(today);
        assertThat(changed.published()).isTrue();
        assertThat(changed.report().revision()).isEqualTo(2);
        assertThat(changed.report().unitsSoldDirect()).isEqualTo(14);
        assertThat(changed.report().stockValue()).isEqualTo(summary.stockValue());
        assertThat(summarise(today).published()).isFalse();

        assertThat(sales.awaitCount(r -> isEvent(r, DAILY, tenant, "analytics"), 2, WAIT)).hasSize(2);
        sales.poll(Duration.ofSeconds(1));
        assertThat(sales.seen().stream().filter(r -> isEvent(r, DAILY, tenant, "analytics"))
                .map(r -> EventCodec.decode(r.value(), DailySummaryPayload.class).payload().revision()))
                .containsExactly(1, 2);
    }

    @Test
    void pastDaysAreServedOverRestAndTheMonthSumsThem() throws Throwable {
        YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(2);
        LocalDate third = month.atDay(3);
        LocalDate last = month.atEndOfMonth();
        demand(laptop, third, 4, 1);
        demand(mouse, third, 7, 0);
        demand(laptop, last, 0, 2);
        demand(cable, last, 30, 0);
        deliveredOrder(third, "2400.00");
        deliveredOrder(last, "1200.00");

        given().auth().oauth2(staff).get("/api/analytics/daily/" + third).then().statusCode(200)
                .body("date", equalTo(third.toString())).body("revision", equalTo(1))
                .body("units_sold", equalTo(12)).body("units_sold_in_orders", equalTo(1))
                .body("revenue", equalTo(2400.00f)).body("orders.created", equalTo(1))
                .body("orders.delivered", equalTo(1)).body("top_movers.product_id", contains(mouse, laptop));
        DailySummaryPayload thirdEvent = awaitEvent(DAILY, DailySummaryPayload.class).payload();
        assertThat(thirdEvent.date()).isEqualTo(third);
        // Summarised long after the day: its stock value cannot be known.
        assertThat(thirdEvent.stockValue()).isNull();

        // The schedule, just after the set time on the day after the month's last: the last day, then the month.
        VertxContextSupport.subscribeAndAwait(() -> analytics.catchUp(
                OffsetDateTime.of(last.plusDays(1).atTime(0, 20), ZoneOffset.UTC)));
        MonthlyReportPayload report = awaitEvent(MONTHLY, MonthlyReportPayload.class).payload();
        assertThat(report.month()).isEqualTo(month.toString());
        assertThat(report.revision()).isEqualTo(1);
        assertThat(report.daysCovered()).isEqualTo(2);
        assertThat(report.daysInMonth()).isEqualTo(month.lengthOfMonth());
        assertThat(report.unitsSold()).isEqualTo(44);
        assertThat(report.unitsSoldInOrders()).isEqualTo(3);
        assertThat(report.revenue()).isEqualTo(new BigDecimal("3600.00"));
        assertThat(report.orders()).isEqualTo(new OrderCounts(2, 0, 0, 2, 0));
        assertThat(report.topMovers()).extracting(TopMover::productId, TopMover::units)
                .containsExactly(tuple(cable, 30L), tuple(laptop, 7L), tuple(mouse, 7L));
        given().auth().oauth2(staff).get("/api/analytics/monthly/" + month).then().statusCode(200)
                .body("month", equalTo(month.toString())).body("days_covered", equalTo(2))
                .body("units_sold", equalTo(44)).body("revenue", equalTo(3600.00f));
        given().auth().oauth2(staff).get("/api/analytics/daily/" + last).then().statusCode(200)
                .body("units_sold", equalTo(32));

        // A late movement of the third, recomputed: the day and the month it is in are published again.
        demand(mouse, third, 1, 0);
        given().auth().oauth2(staff).post("/api/analytics/daily/" + third + "/recompute").then().statusCode(200)
                .body("revision", equalTo(2)).body("units_sold", equalTo(13));
        given().auth().oauth2(staff).post("/api/analytics/daily/" + third + "/recompute").then().statusCode(200)
                .body("revision", equalTo(2));
        assertThat(sales.awaitCount(r -> isEvent(r, MONTHLY, tenant, "analytics"), 2, WAIT)).hasSize(2);
        given().auth().oauth2(staff).get("/api/analytics/monthly/" + month).then().statusCode(200)
                .body("revision", equalTo(2)).body("units_sold", equalTo(45));
        given().auth().oauth2(staff).post("/api/analytics/monthly/" + month + "/recompute").then().statusCode(200)
                .body("revision", equalTo(2));
        sales.poll(Duration.ofSeconds(1));
        assertThat(sales.seen().stream().filter(r -> isEvent(r, DAILY, tenant, "analytics"))).hasSize(3);
        assertThat(sales.seen().stream().filter(r -> isEvent(r, MONTHLY, tenant, "analytics"))).hasSize(2);
    }

    @Test
    void onlyStaffOfTheTenantReadAnalyticsAndBadDatesAreProblemsNamingTheField() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        YearMonth thisMonth = YearMonth.now(ZoneOffset.UTC);
        given().auth().oauth2(ann).get("/api/analytics/daily/" + today.minusDays(1)).then().statusCode(403);
        given().auth().oauth2(DevTokens.staff("other-" + tenant, "sam"))
                .get("/api/analytics/monthly/" + thisMonth.minusMonths(3)).then().statusCode(404)
                .contentType("application/problem+json");
        for (String bad : List.of(today.toString(), today.plusDays(1).toString(), "2026-02-30", "yesterday",
                "1999-12-31", "+999999999-12-31", "-999999999-01-01")) {
            given().auth().oauth2(staff).get("/api/analytics/daily/" + bad).then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", contains("date"));
        }
        given().auth().oauth2(staff).post("/api/analytics/daily/" + today.plusDays(3) + "/recompute").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", contains("date"));
        for (String bad : List.of(thisMonth.toString(), thisMonth.plusMonths(1).toString(), "2026-13", "2026-1", "1999-12",
                "+999999999-12")) {
            given().auth().oauth2(staff).get("/api/analytics/monthly/" + bad).then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", contains("month"));
        }
    }

    private Computed<DailySummaryPayload> summarise(LocalDate day) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> analytics.summariseDay(
                Cause.scheduled(tenant, "analytics-test"), day));
    }

    private <P> EventEnvelope<P> awaitEvent(String type, Class<P> payload) {
        ConsumerRecord<String, String> record = sales.await(r -> isEvent(r, type, tenant, "analytics"), WAIT);
        assertThat(EventSchemas.validate(record.value())).as(type).isEmpty();
        return EventCodec.decode(record.value(), payload);
    }

    private String order(Map<String, Long> quantities) {
        List<Map<String, Object>> lines = quantities.entrySet().stream()
                .map(e -> Map.<String, Object> of("product_id", e.getKey(), "quantity", e.getValue())).toList();
        return given().auth().oauth2(ann).contentType(ContentType.JSON).body(Map.of("lines", lines))
                .post("/api/orders").then().statusCode(201).extract().path("id");
    }

    private void demand(String productId, LocalDate day, long sold, long delivered) {
        pool.preparedQuery("""
                INSERT INTO demand_day (tenant_id, product_id, day, sold_units, delivered_units, recorded_at)
                VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (tenant_id, product_id, day)
                DO UPDATE SET sold_units = demand_day.sold_units + EXCLUDED.sold_units,
                              delivered_units = demand_day.delivered_units + EXCLUDED.delivered_units""")
                .execute(Tuple.of(tenant, productId, day, sold, delivered)).await().indefinitely();
    }

    /** An order placed and delivered at noon of a past day, as the order flow would have left it. */
    private void deliveredOrder(LocalDate day, String total) {
        OffsetDateTime noon = day.atTime(12, 0).atOffset(ZoneOffset.UTC);
        pool.preparedQuery("""
                INSERT INTO sales_order (id, tenant_id, user_id, status, total, created_at, updated_at, confirmed_at)
                VALUES ($1, $2, 'ann', 'delivered', $3, $4, $5, NULL)""")
                .execute(Tuple.of(UUID.randomUUID(), tenant, new BigDecimal(total), noon.minusHours(2), noon))
                .await().indefinitely();
    }

    private String status(String orderId) {
        return pool.preparedQuery("SELECT status FROM sales_order WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(orderId))).await().indefinitely().iterator().next().getString("status");
    }

    private long stockOnHand(String productId) {
        var rows = pool.preparedQuery("SELECT stock_on_hand FROM product_view WHERE tenant_id = $1 AND product_id = $2")
                .execute(Tuple.of(tenant, productId)).await().indefinitely();
        return rows.size() == 0 ? -1 : rows.iterator().next().getLong("stock_on_hand");
    }

    private boolean catalogued(String productId) {
        return pool.preparedQuery("SELECT 1 FROM product_view WHERE tenant_id = $1 AND product_id = $2 AND catalogued")
                .execute(Tuple.of(tenant, productId)).await().indefinitely().size() == 1;
    }
}
