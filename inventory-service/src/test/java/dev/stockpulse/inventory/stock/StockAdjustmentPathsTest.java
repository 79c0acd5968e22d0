package dev.stockpulse.inventory.stock;

import static dev.stockpulse.inventory.InventoryApi.product;
import static dev.stockpulse.inventory.InventoryApi.warehouse;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.inventory.product.ProductRepository;
import dev.stockpulse.inventory.stock.service.StockEventFactory.Cause;
import dev.stockpulse.inventory.stock.service.StockService;
import dev.stockpulse.inventory.warehouse.WarehouseRepository;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * REST adjustments run on the reactive SQL client, reservations on Hibernate ({@code StockService.change}); both must
 * decide and write the same for the same change. The same series of changes (low stock entered and risen, out of
 * stock, a refusal, replenished, sales that move days of stock) is applied to two twin products, one through each
 * path, and every answer, ledger line, level and outbox row is compared, ids and times aside.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class StockAdjustmentPathsTest {

    private static final String ACTOR = "clerk";
    private static final String CORRELATION = "corr-paths";

    record Step(long quantity, String reason) {
    }

    static final List<Step> STEPS = List.of(new Step(30, "receipt"), new Step(-12, "sale"), new Step(-10, "sale"),
            new Step(-4, "sale"), new Step(-1, "damage"), new Step(-3, "sale"), new Step(-1, "sale"),
            new Step(50, "receipt"), new Step(-45, "count_correction"), new Step(1, "return"));

    @Inject
    StockService stock;

    @Inject
    ProductRepository products;

    @Inject
    WarehouseRepository warehouses;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    final String staff = DevTokens.staff(tenant, ACTOR);

    @Test
    void theSqlPathAndTheHibernatePathDecideAndWriteTheSame() throws Throwable {
        String warehouse = warehouse(staff);
        String viaSql = product(staff, 10);
        String viaHibernate = product(staff, 10);

        List<String> sqlAnswers = new ArrayList<>();
        List<String> hibernateAnswers = new ArrayList<>();
        for (Step step : STEPS) {
            Response rest = given().auth().oauth2(staff).contentType(ContentType.JSON).header("X-Correlation-Id", CORRELATION)
                    .body(Map.of("product_id", viaSql, "warehouse_id", warehouse, "quantity", step.quantity(),
                            "reason", step.reason()))
                    .post("/api/inventory/adjust");
            sqlAnswers.add(rest.statusCode() == 200
                    ? answer(rest.jsonPath().getLong("previous_quantity"), rest.jsonPath().getLong("current_quantity"),
                            rest.jsonPath().getLong("delta"), rest.jsonPath().getString("reason"),
                            rest.jsonPath().getList("events"))
                    : rest.statusCode() + " " + rest.jsonPath().getString("type") + " "
                            + rest.jsonPath().getString("detail").replace(sku(viaSql), "SKU"));
            hibernateAnswers.add(viaHibernate(warehouse, viaHibernate, step));
        }

        assertThat(sqlAnswers).as("answers").containsExactlyElementsOf(hibernateAnswers);
        assertThat(sqlAnswers).anyMatch(a -> a.startsWith("409 https://stockpulse.dev/problems/insufficient-stock"));
        assertThat(sqlAnswers.stream().filter(a -> a.contains("inventory.low_stock"))).hasSize(3);
        assertThat(rows("SELECT previous_quantity, new_quantity, delta, reason, actor, correlation_id FROM stock_movement"
                + " WHERE product_id = $1 ORDER BY created_at, id", UUID.fromString(viaSql))).as("ledger")
                .containsExactlyElementsOf(rows("SELECT previous_quantity, new_quantity, delta, reason, actor,"
                        + " correlation_id FROM stock_movement WHERE product_id = $1 ORDER BY created_at, id",
                        UUID.fromString(viaHibernate)));
        assertThat(rows("SELECT quantity, alert_priority FROM stock_level WHERE product_id = $1", UUID.fromString(viaSql)))
                .as("level").containsExactlyElementsOf(rows(
                        "SELECT quantity, alert_priority FROM stock_level WHERE product_id = $1",
                        UUID.fromString(viaHibernate)));
        List<String> sqlEvents = outbox(viaSql);
        assertThat(sqlEvents).as("outbox rows").hasSize(STEPS.size() - 1 + 5).containsExactlyElementsOf(outbox(viaHibernate));
        assertThat(sqlEvents).anyMatch(e -> e.contains("\"days_of_stock_remaining\""));
    }

    private String viaHibernate(String warehouseId, String productId, Step step) throws Throwable {
        Cause cause = new Cause(tenant, CORRELATION, null);
        try {
            StockService.AdjustmentResult r = VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withTransaction(() -> products.findForTenant(tenant, UUID.fromString(productId))
                            .flatMap(p -> warehouses.findForTenant(tenant, UUID.fromString(warehouseId))
                                    .flatMap(w -> stock.change(cause, ACTOR, p, w, step.quantity(),
                                            StockReason.fromWire(step.reason()).orElseThrow())))));
            return answer(r.previousQuantity(), r.currentQuantity(), r.delta(), r.reason(), r.events());
        } catch (ProblemException refused) {
            var problem = refused.toProblem("/");
            return problem.status() + " " + problem.type() + " " + problem.detail().replace(sku(productId), "SKU");
        }
    }

    private static String answer(long previous, long current, long delta, String reason, List<String> events) {
        return previous + " -> " + current + " (" + delta + " " + reason + ") " + events;
    }

    private String sku(String productId) {
        return rows("SELECT sku FROM product WHERE id = $1", UUID.fromString(productId)).get(0);
    }

    /** The product's stock events in relay order, with what differs by nature (ids, times, the product) taken out. */
    private List<String> outbox(String productId) {
        String sku = sku(productId);
        List<String> events = new ArrayList<>();
        for (String row : rows("SELECT event_type || ' ' || topic || ' ' || record_key || ' ' || priority || ' ' || payload"
                + " FROM outbox_event WHERE record_key = $1 AND event_type <> 'inventory.product.created' ORDER BY id", tenant + ":" + productId)) {
            int payloadAt = row.indexOf('{');
            try {
                JsonNode payload = json.readTree(row.substring(payloadAt).replace(productId, "PRODUCT").replace(sku, "SKU"));
                ObjectNode metadata = (ObjectNode) payload.get("metadata");
                metadata.remove(List.of("event_id", "timestamp"));
                ((ObjectNode) payload.get("payload")).remove("movement_id");
                events.add(row.substring(0, payloadAt).replace(productId, "PRODUCT") + payload);
            } catch (Exception e) {
                throw new AssertionError(row, e);
            }
        }
        return events;
    }

    /** Each row's columns as text, separated by blanks. */
    private List<String> rows(String sql, Object parameter) {
        List<String> result = new ArrayList<>();
        for (Row row : pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely()) {
            List<String> columns = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                columns.add(String.valueOf(row.getValue(i)));
            }
            result.add(String.join(" ", columns));
        }
        return result;
    }
}
