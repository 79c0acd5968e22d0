package dev.stockpulse.sales.forecast;

import static dev.stockpulse.sales.InventoryEvents.isEvent;
import static dev.stockpulse.sales.InventoryEvents.productCreated;
import static dev.stockpulse.sales.InventoryEvents.stockUpdated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.LocalDate;
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
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.sales.ForecastPayload;
import dev.stockpulse.events.sales.ForecastPoint;
import dev.stockpulse.events.sales.ForecastUpdatedPayload;
import dev.stockpulse.events.sales.ModelMetrics;
import dev.stockpulse.events.sales.ModelRetrainedPayload;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import dev.stockpulse.sales.InventoryEvents;
import dev.stockpulse.sales.forecast.service.ForecastService;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Forecasts retrained from the demand history, stored, announced on sales-events and served over REST, on the real
 * stack. The history is written straight into {@code demand_day} (ten weeks of it; {@code DemandHistoryTest} covers
 * how events build it), except where new history has to arrive as events.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class ForecastTest {

    private static final int DAYS = 70;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Pool pool;

    @Inject
    ForecastService forecasts;

    InventoryEvents inventory;
    TopicReader sales;
    String tenant;
    String staff;
    String regular;
    String sporadic;
    LocalDate today;

    @BeforeEach
    void setUp() {
        inventory = new InventoryEvents(bootstrapServers);
        sales = TopicReader.fromEnd(bootstrapServers, Topics.SALES_EVENTS);
        tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
        staff = DevTokens.staff(tenant, "planner");
        regular = UUID.randomUUID().toString();
        sporadic = UUID.randomUUID().toString();
        today = LocalDate.now(ZoneOffset.UTC);
        inventory.publish(productCreated(tenant, regular, "10.00", true), regular);
        inventory.publish(productCreated(tenant, sporadic, "99.00", true), sporadic);
        await().atMost(WAIT).until(() -> catalogued(regular) && catalogued(sporadic));
        for (int d = DAYS; d >= 1; d--) {
            LocalDate day = today.minusDays(d);
            // A weekly pattern around 10 a day; the other product sells 3 units every fourth day.
            seed(regular, day, 10 + new int[] {-3, -1, 0, 1, 2, 4, -3}[day.getDayOfWeek().ordinal()] + d % 3 - 1);
            if (d % 4 == 0) {
                seed(sporadic, day, 3);
            }
        }
    }

    @AfterEach
    void tearDown() {
        sales.close();
        inventory.close();
    }

    @Test
    void aRetrainingForecastsEachProductAndCategoryAndAnnouncesThem() throws Throwable {
        Map<String, ModelRetrainedPayload> runs = VertxContextSupport.subscribeAndAwait(forecasts::retrainAll);

        ModelRetrainedPayload run = runs.get(tenant);
        assertThat(run.trigger()).isEqualTo("schedule");
        assertThat(run.products()).isEqualTo(2);
        assertThat(run.categories()).isEqualTo(1);
        assertThat(run.horizon()).isEqualTo(28);
        assertThat(run.metrics()).extracting(ModelMetrics::method).first().isEqualTo("seasonal_naive");
        assertThat(run.metrics()).extracting(ModelMetrics::method).last().isEqualTo("selected");
        assertThat(run.metrics()).extracting(ModelMetrics::method).contains("holt_winters", "croston_sba", "tsb");

        EventEnvelope<ForecastPayload> product = awaitEvent("sales.forecast.generated", regular, ForecastPayload.class);
        assertThat(product.payload().scope()).isEqualTo("product");
        assertThat(product.payload().productId()).isEqualTo(regular);
        assertThat(product.payload().category()).isEqualTo("electronics");
        assertThat(product.payload().method()).isIn("holt_winters", "seasonal_naive");
        assertThat(product.payload().startDate()).isEqualTo(today);
        assertThat(product.payload().historyDays()).isEqualTo(DAYS);
        assertThat(product.payload().points()).hasSize(28);
        assertThat(product.payload().points().get(27).date()).isEqualTo(today.plusDays(27));
        assertThat(product.payload().points()).allSatisfy(p -> assertThat(p.lower()).isLessThan(p.upper()));
        assertThat(product.payload().predictedDemand()).isCloseTo(280, within(40.0));
        EventEnvelope<ForecastPayload> intermittent = awaitEvent("sales.forecast.generated", sporadic,
                ForecastPayload.class);
        assertThat(intermittent.payload().method()).isIn("croston_sba", "tsb", "seasonal_naive");
        assertThat(intermittent.payload().predictedDemand()).isCloseTo(21, within(8.0));
        EventEnvelope<ForecastPayload> category = awaitEvent("sales.forecast.generated", "category:electronics",
                ForecastPayload.class);
        assertThat(category.payload().scope()).isEqualTo("category");
        assertThat(category.payload().productId()).isNull();
        assertThat(category.payload().predictedDemand()).isCloseTo(301, within(45.0));
        EventEnvelope<ModelRetrainedPayload> retrained = awaitEvent("sales.forecast.model_retrained", "forecasts",
                ModelRetrainedPayload.class);
        assertThat(retrained.payload()).isEqualTo(run);

        given().auth().oauth2(staff).get("/api/forecasts/products/" + regular).then().statusCode(200)
                .body("scope", equalTo("product")).body("product_id", equalTo(regular))
                .body("method", equalTo(product.payload().method()))
                .body("start_date", equalTo(today.toString())).body("horizon", equalTo(28))
                .body("points", hasSize(28))
                .body("points[0].demand", equalTo((float) product.payload().points().get(0).demand()));
        given().auth().oauth2(staff).get("/api/forecasts/categories/electronics").then().statusCode(200)
                .body("scope", equalTo("category")).body("category", equalTo("electronics"))
                .body("predicted_demand", equalTo((float) category.payload().predictedDemand()));
        given().auth().oauth2(staff).get("/api/forecasts/accuracy").then().statusCode(200)
                .body("horizon", equalTo(28)).body("metrics[0].method", equalTo("seasonal_naive"))
                .body("metrics[0].series", equalTo(3));
        given().auth().oauth2(staff).get("/api/forecasts/accuracy?scope=category").then().statusCode(200)
                .body("scope", equalTo("category")).body("metrics[0].series", equalTo(1));
    }

    @Test
    void forecastsAreTheTenantsAndBadInputIsAProblem() throws Throwable {
        VertxContextSupport.subscribeAndAwait(forecasts::retrainAll);

        given().auth().oauth2(DevTokens.staff("other-" + tenant, "planner")).get("/api/forecasts/products/" + regular)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(DevTokens.staff("other-" + tenant, "planner")).get("/api/forecasts/accuracy")
                .then().statusCode(200).body("metrics", hasSize(0));
        given().auth().oauth2(staff).get("/api/forecasts/categories/garden").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(DevTokens.user(tenant, "ann")).get("/api/forecasts/products/" + regular).then()
                .statusCode(403);
        given().auth().oauth2(staff).get("/api/forecasts/accuracy?scope=warehouse").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("scope"));
        given().auth().oauth2(staff).get("/api/forecasts/products/" + "x".repeat(65)).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("product_id"));
    }

    @Test
    void newHistoryRetrainsTheSeriesAndAForecastThatMovedIsAnnouncedAsUpdated() throws Throwable {
        VertxContextSupport.subscribeAndAwait(forecasts::retrainAll);
        awaitEvent("sales.forecast.model_retrained", "forecasts", ModelRetrainedPayload.class);

        // Nothing new: the check retrains nothing of this tenant, and the same history again moves nothing.
        assertThat(VertxContextSupport.subscribeAndAwait(forecasts::retrainNewHistory)).doesNotContainKey(tenant);
        VertxContextSupport.subscribeAndAwait(forecasts::retrainAll);
        assertThat(sales.awaitCount(r -> isEvent(r, "sales.forecast.model_retrained", tenant, "forecasts"), 2, WAIT))
                .hasSize(2);

        // The last week sold 30 more a day, reported late by inventory.
        long yesterdayBefore = sold(regular, today.minusDays(1));
        long stock = 10_000;
        for (int d = 7; d >= 1; d--) {
            inventory.publish(stockUpdated(tenant, regular, "wh-1", stock, stock - 30, "sale",
                    today.minusDays(d).atTime(12, 0).toInstant(ZoneOffset.UTC)), regular);
            stock -= 30;
        }
        await().atMost(WAIT).until(() -> sold(regular, today.minusDays(1)) == yesterdayBefore + 30);
        Map<String, ModelRetrainedPayload> runs = VertxContextSupport.subscribeAndAwait(forecasts::retrainNewHistory);

        assertThat(runs.get(tenant).trigger()).isEqualTo("new_history");
        assertThat(runs.get(tenant).products()).isEqualTo(1);
        assertThat(runs.get(tenant).categories()).isEqualTo(1);
        EventEnvelope<ForecastUpdatedPayload> updated = awaitEvent("sales.forecast.updated", regular,
                ForecastUpdatedPayload.class);
        ForecastUpdatedPayload moved = updated.payload();
        assertThat(moved.oldForecast()).isCloseTo(280, within(40.0));
        assertThat(moved.newForecast()).isGreaterThan(moved.oldForecast() * 1.1).isEqualTo(moved.predictedDemand());
        assertThat(moved.changePercent()).isCloseTo(100 * (moved.newForecast() - moved.oldForecast())
                / moved.oldForecast(), within(0.01));
        assertThat(moved.points().stream().mapToDouble(ForecastPoint::demand).sum())
                .isCloseTo(moved.newForecast(), within(0.05));
        awaitEvent("sales.forecast.updated", "category:electronics", ForecastUpdatedPayload.class);
        sales.poll(Duration.ofSeconds(1));
        assertThat(sales.seen().stream().filter(r -> isEvent(r, "sales.forecast.updated", tenant, sporadic))).isEmpty();
        assertThat(sales.seen().stream().filter(r -> isEvent(r, "sales.forecast.generated", tenant, regular)))
                .hasSize(1);
        given().auth().oauth2(staff).get("/api/forecasts/products/" + regular).then().statusCode(200)
                .body("predicted_demand", equalTo((float) moved.newForecast()));
    }

    private <P> EventEnvelope<P> awaitEvent(String type, String aggregateId, Class<P> payload) {
        ConsumerRecord<String, String> record = sales.await(r -> isEvent(r, type, tenant, aggregateId), WAIT);
        assertThat(EventSchemas.validate(record.value())).as(type).isEmpty();
        return EventCodec.decode(record.value(), payload);
    }

    private void seed(String productId, LocalDate day, long units) {
        pool.preparedQuery("INSERT INTO demand_day (tenant_id, product_id, day, sold_units, recorded_at)"
                + " VALUES ($1, $2, $3, $4, now())").execute(Tuple.of(tenant, productId, day, units))
                .await().indefinitely();
    }

    private long sold(String productId, LocalDate day) {
        return pool.preparedQuery("SELECT sold_units FROM demand_day WHERE tenant_id = $1 AND product_id = $2"
                + " AND day = $3").execute(Tuple.of(tenant, productId, day)).await().indefinitely()
                .iterator().next().getLong("sold_units");
    }

    private boolean catalogued(String productId) {
        return pool.preparedQuery("SELECT 1 FROM product_view WHERE tenant_id = $1 AND product_id = $2 AND catalogued")
                .execute(Tuple.of(tenant, productId)).await().indefinitely().size() == 1;
    }
}
