package dev.stockpulse.sales.alert;

import static dev.stockpulse.sales.InventoryEvents.envelope;
import static dev.stockpulse.sales.InventoryEvents.isEvent;
import static dev.stockpulse.sales.InventoryEvents.productCreated;
import static dev.stockpulse.sales.InventoryEvents.stockUpdated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.sales.AlertPayload;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import dev.stockpulse.sales.InventoryEvents;
import dev.stockpulse.sales.forecast.Forecast;
import dev.stockpulse.sales.forecast.StockCover;
import dev.stockpulse.sales.forecast.service.ForecastService;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Stockout risk and the reorder suggestion from a product's forecast, on the real stack. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sales"))
class AlertForecastTest {

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
    String product;
    LocalDate today;

    @BeforeEach
    void setUp() {
        inventory = new InventoryEvents(bootstrapServers);
        sales = TopicReader.fromEnd(bootstrapServers, Topics.SALES_EVENTS);
        tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
        product = UUID.randomUUID().toString();
        today = LocalDate.now(ZoneOffset.UTC);
    }

    @AfterEach
    void tearDown() {
        sales.close();
        inventory.close();
    }

    @Test
    void aLowLevelIsAStockoutRiskByTheForecastEvenWhenInventorysTrailingAverageSaysItLastsAMonth() throws Throwable {
        inventory.publish(productCreated(tenant, product, "25.00", true), product);
        // Ten weeks of about 10 a day, then 40 on hand in the one warehouse.
        for (int d = 70; d >= 1; d--) {
            pool.preparedQuery("INSERT INTO demand_day (tenant_id, product_id, day, sold_units, recorded_at)"
                    + " VALUES ($1, $2, $3, $4, now())")
                    .execute(Tuple.of(tenant, product, today.minusDays(d), 9 + d % 3)).await().indefinitely();
        }
        inventory.publish(stockUpdated(tenant, product, "wh-1", 0, 40, "receipt", Instant.now()), product);
        await().atMost(WAIT).until(() -> pool.preparedQuery("SELECT 1 FROM product_view WHERE tenant_id = $1"
                + " AND product_id = $2 AND catalogued AND stock_on_hand = 40").execute(Tuple.of(tenant, product))
                .await().indefinitely().size() == 1);
        VertxContextSupport.subscribeAndAwait(forecasts::retrainAll);
        JsonNode forecast = EventCodec.mapper().readTree(given().auth().oauth2(DevTokens.staff(tenant, "planner"))
                .get("/api/forecasts/products/" + product).then().statusCode(200).extract().asString());
        Forecast expected = new Forecast(forecast.get("method").asText(), 0.8, column(forecast, "demand"),
                column(forecast, "lower"), column(forecast, "upper"));
        double days = Math.round(StockCover.daysOfStock(40, expected) * 10) / 10.0;
        StockCover.Reorder reorder = StockCover.reorder(expected, 14, 7, 0.95, 40, 0);
        assertThat(days).isBetween(3.0, 5.0);

        // Inventory's trailing average (a quiet fortnight there) says 30 days: no risk, no reorder before the lead time.
        inventory.publish(envelope(EventType.LOW_STOCK, tenant, Priority.MEDIUM, new LowStockPayload(product,
                "SKU-" + product, "Laptop " + product, 8, 10, 50, new BigDecimal("25.00"), "electronics", "Warehouse A",
                30.0, "wh-1")), product);

        Map<String, EventEnvelope<AlertPayload>> raised = Map.of(
                "stockout_risk", awaitRaised("stockout_risk"),
                "reorder_needed", awaitRaised("reorder_needed"),
                "low_stock", awaitRaised("low_stock"));
        assertThat(raised.values()).allSatisfy(event -> {
            AlertPayload alert = event.payload();
            assertThat(alert.daysOfStockRemaining()).isEqualTo(days);
            assertThat(alert.reorderSuggestion().quantity()).isEqualTo(reorder.quantity());
            assertThat(alert.reorderSuggestion().rationale()).startsWith("forecast (" + expected.method() + ") demand of")
                    .contains("14-day lead time + 7-day review").contains("95% service level")
                    .contains("less 40 on hand and 0 on order");
        });
        assertThat(raised.get("stockout_risk").payload().message())
                .contains("may run out in about " + days + " days (40 on hand at the forecast demand)");
    }

    private EventEnvelope<AlertPayload> awaitRaised(String kind) {
        return EventCodec.decode(sales.await(r -> isEvent(r, "sales.alert.raised", tenant, product)
                && EventCodec.decode(r.value(), AlertPayload.class).payload().kind().equals(kind), WAIT).value(),
                AlertPayload.class);
    }

    private static double[] column(JsonNode forecast, String field) {
        double[] values = new double[forecast.get("points").size()];
        for (int d = 0; d < values.length; d++) {
            values[d] = forecast.get("points").get(d).get(field).asDouble();
        }
        return values;
    }
}
