package dev.stockpulse.sales.demand;

import static dev.stockpulse.sales.InventoryEvents.productCreated;
import static dev.stockpulse.sales.InventoryEvents.reserved;
import static dev.stockpulse.sales.InventoryEvents.stockUpdated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.inventory.StockUpdatedPayload;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.sales.InventoryEvents;
import dev.stockpulse.sales.demand.DemandHistory.Scope;
import dev.stockpulse.sales.demand.DemandHistory.Series;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The daily demand history, built from inventory's movements and the orders delivered, on the real stack. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class DemandHistoryTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Pool pool;

    @Inject
    DemandHistory history;

    InventoryEvents inventory;
    String tenant;
    LocalDate today;

    @BeforeEach
    void setUp() {
        inventory = new InventoryEvents(bootstrapServers);
        tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
        today = LocalDate.now(ZoneOffset.UTC);
    }

    @AfterEach
    void tearDown() {
        inventory.close();
    }

    @Test
    void salesMovementsAddUpToADayOnceEachAndReservationsAndReceiptsAreNotDemand() {
        String p = UUID.randomUUID().toString();
        Instant yesterday = today.minusDays(1).atTime(10, 0).toInstant(ZoneOffset.UTC);
        Instant twoDaysAgo = today.minusDays(2).atTime(23, 59).toInstant(ZoneOffset.UTC);
        EventEnvelope<StockUpdatedPayload> morningSale = stockUpdated(tenant, p, "wh-1", 100, 97, "sale", yesterday);
        inventory.publish(stockUpdated(tenant, p, "wh-1", 104, 100, "sale", twoDaysAgo), p);
        inventory.publish(morningSale, p);
        // Redelivered, as after a consumer crash before the offset commit.
        inventory.publish(morningSale, p);
        inventory.publish(stockUpdated(tenant, p, "wh-2", 50, 48, "sale", yesterday.plusSeconds(5 * 3600)), p);
        inventory.publish(stockUpdated(tenant, p, "wh-1", 97, 92, "reservation", yesterday.plusSeconds(3600)), p);
        inventory.publish(stockUpdated(tenant, p, "wh-1", 92, 102, "receipt", yesterday.plusSeconds(7200)), p);
        inventory.publish(stockUpdated(tenant, p, "wh-1", 102, 103, "return", yesterday.plusSeconds(7300)), p);
        // Marks the end of the product's events: once applied, everything before it is.
        inventory.publish(stockUpdated(tenant, p, "wh-1", 103, 101, "damage",
                today.atStartOfDay().toInstant(ZoneOffset.UTC)), p);
        await().atMost(Duration.ofSeconds(30)).until(() -> lastMovementApplied(p));

        assertThat(days(p)).containsExactly(
                Map.entry(today.minusDays(2), List.of(4L, 0L)),
                Map.entry(today.minusDays(1), List.of(5L, 0L)));
        DemandHistory.Days days = history.days(new Series(tenant, Scope.PRODUCT, p), today, 730).await().indefinitely();
        assertThat(days.first()).isEqualTo(today.minusDays(2));
        assertThat(days.units()).containsExactly(4, 5);
    }

    @Test
    void aDeliveredOrderIsItsDaysDemandOnceAndACategorySumsItsProducts() {
        String laptop = UUID.randomUUID().toString();
        String dock = UUID.randomUUID().toString();
        inventory.publish(productCreated(tenant, laptop, "1200.00", true), laptop);
        inventory.publish(productCreated(tenant, dock, "150.00", true), dock);
        await().atMost(Duration.ofSeconds(30)).until(() -> catalogued(laptop) && catalogued(dock));
        inventory.publish(stockUpdated(tenant, dock, "wh-1", 10, 7, "sale",
                today.minusDays(1).atTime(9, 0).toInstant(ZoneOffset.UTC)), dock);

        String ann = DevTokens.user(tenant, "ann");
        String staff = DevTokens.staff(tenant, "dispatcher");
        String order = given().auth().oauth2(ann).contentType(ContentType.JSON)
                .body(Map.of("lines", List.of(Map.of("product_id", laptop, "quantity", 2),
                        Map.of("product_id", dock, "quantity", 1))))
                .post("/api/orders").then().statusCode(201).extract().path("id");
        inventory.publish(reserved(tenant, order, laptop, 2, "ann"), order);
        await().atMost(Duration.ofSeconds(30)).until(() -> "confirmed".equals(given().auth().oauth2(ann)
                .get("/api/orders/" + order).then().extract().path("status")));
        assertThat(days(laptop)).isEmpty();

        given().auth().oauth2(staff).post("/api/orders/" + order + "/deliver").then().statusCode(200);
        given().auth().oauth2(staff).post("/api/orders/" + order + "/deliver").then().statusCode(200);

        assertThat(days(laptop)).containsExactly(Map.entry(today, List.of(0L, 2L)));
        await().atMost(Duration.ofSeconds(30)).until(() -> days(dock).containsKey(today.minusDays(1)));
        assertThat(days(dock)).containsExactly(
                Map.entry(today.minusDays(1), List.of(3L, 0L)),
                Map.entry(today, List.of(0L, 1L)));
        DemandHistory.Days category = history.days(new Series(tenant, Scope.CATEGORY, "electronics"), today.plusDays(1),
                730).await().indefinitely();
        assertThat(category.first()).isEqualTo(today.minusDays(1));
        assertThat(category.units()).containsExactly(3, 3);
    }

    /** Per day: units sold by movements, units delivered by orders. */
    private Map<LocalDate, List<Long>> days(String productId) {
        Map<LocalDate, List<Long>> days = new TreeMap<>();
        for (Row row : pool.preparedQuery("SELECT day, sold_units, delivered_units FROM demand_day"
                + " WHERE tenant_id = $1 AND product_id = $2").execute(Tuple.of(tenant, productId)).await().indefinitely()) {
            days.put(row.getLocalDate("day"), List.of(row.getLong("sold_units"), row.getLong("delivered_units")));
        }
        return days;
    }

    private boolean lastMovementApplied(String productId) {
        return pool.preparedQuery("SELECT 1 FROM warehouse_stock_view WHERE tenant_id = $1 AND product_id = $2"
                + " AND warehouse_id = 'wh-1' AND quantity = 101").execute(Tuple.of(tenant, productId))
                .await().indefinitely().size() == 1;
    }

    private boolean catalogued(String productId) {
        return pool.preparedQuery("SELECT 1 FROM product_view WHERE tenant_id = $1 AND product_id = $2 AND catalogued")
                .execute(Tuple.of(tenant, productId)).await().indefinitely().size() == 1;
    }
}
