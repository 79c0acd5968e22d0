package dev.stockpulse.inventory.stock;

import static dev.stockpulse.inventory.InventoryApi.adjust;
import static dev.stockpulse.inventory.InventoryApi.product;
import static dev.stockpulse.inventory.InventoryApi.warehouse;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.stockpulse.commons.idempotency.IdempotencyKeyExpiry;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class StockConcurrencyAndLedgerTest {

    @Inject
    IdempotencyKeyExpiry keyExpiry;

    @Inject
    Pool pool;

    final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    final String staff = DevTokens.staff(tenant, "clerk");

    @Test
    void fiftyConcurrentAdjustmentsLoseNoUpdateAndBreakNoRule() throws Exception {
        String warehouse = warehouse(staff);
        String product = product(staff, 5);
        adjust(staff, product, warehouse, 40, "receipt").then().statusCode(200);

        // 30 receipts of 2 and 30 sales of 3 at once: every receipt applies; a sale is refused only when it would
        // take the level below zero, so the final level must equal what the accepted ones add up to.
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(() -> adjust(staff, product, warehouse, 2, "receipt"));
            calls.add(() -> adjust(staff, product, warehouse, -3, "sale"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Response> responses = new ArrayList<>();
        try {
            for (Future<Response> f : pool.invokeAll(calls)) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        long accepted = responses.stream().filter(r -> r.statusCode() == 200).count();
        long refused = responses.stream().filter(r -> r.statusCode() == 409).count();
        assertThat(accepted + refused).isEqualTo(60);
        long expected = 40 + responses.stream().filter(r -> r.statusCode() == 200)
                .mapToLong(r -> r.jsonPath().getLong("delta")).sum();
        assertThat(expected).isGreaterThanOrEqualTo(0);

        given().auth().oauth2(staff).get("/api/inventory/products/" + product + "/stock").then().statusCode(200)
                .body("", hasSize(1)).body("[0].quantity", equalTo((int) expected));

        List<Map<String, Object>> ledger = given().auth().oauth2(staff).queryParam("product_id", product)
                .queryParam("size", 1000).get("/api/inventory/movements").then().statusCode(200)
                .extract().jsonPath().getList("");
        assertThat(ledger).hasSize((int) accepted + 1);
        // newest first: each line starts where the one before it (in time) ended, never below zero
        for (int i = 0; i < ledger.size() - 1; i++) {
            assertThat(((Number) ledger.get(i).get("previous_quantity")).longValue())
                    .isEqualTo(((Number) ledger.get(i + 1).get("new_quantity")).longValue());
            assertThat(((Number) ledger.get(i).get("new_quantity")).longValue()).isGreaterThanOrEqualTo(0);
        }
        assertThat(((Number) ledger.get(0).get("new_quantity")).longValue()).isEqualTo(expected);
        assertThat(ledger.get(0).get("actor")).isEqualTo("clerk");
    }

    @Test
    void concurrentFirstAdjustmentsOfALevelThatDoesNotExistYetAllCount() throws Exception {
        String warehouse = warehouse(staff);
        String product = product(staff, 5);

        // 40 requests at once on a level nobody created yet: they race to create it, then queue on its lock. Receipts
        // of 1 to 40 add up to 820, whatever order they commit in.
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            long quantity = i;
            calls.add(() -> adjust(staff, product, warehouse, quantity, "receipt"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (Future<Response> f : pool.invokeAll(calls)) {
                assertThat(f.get().statusCode()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }

        given().auth().oauth2(staff).get("/api/inventory/products/" + product + "/stock").then().statusCode(200)
                .body("", hasSize(1)).body("[0].quantity", equalTo(820));
        List<Map<String, Object>> ledger = given().auth().oauth2(staff).queryParam("product_id", product)
                .queryParam("size", 1000).get("/api/inventory/movements").then().statusCode(200)
                .extract().jsonPath().getList("");
        assertThat(ledger).hasSize(40);
        assertThat(ledger.stream().map(m -> ((Number) m.get("previous_quantity")).longValue()))
                .as("every change started from the level the one before it left").doesNotHaveDuplicates();
        assertThat(ledger.stream().mapToLong(m -> ((Number) m.get("new_quantity")).longValue()).max()).hasValue(820);
    }

    @Test
    void theSameIdempotencyKeyTwiceAppliesOnceAndAnswersTheSame() {
        String warehouse = warehouse(staff);
        String product = product(staff, 5);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("product_id", product, "warehouse_id", warehouse, "quantity", 7, "reason", "receipt");
        String first = given().auth().oauth2(staff).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/inventory/adjust").then().statusCode(200).extract().path("movement_id");
        String second = given().auth().oauth2(staff).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/inventory/adjust").then().statusCode(200).body("current_quantity", equalTo(7))
                .extract().path("movement_id");
        assertThat(second).isEqualTo(first);
        given().auth().oauth2(staff).get("/api/inventory/products/" + product + "/stock").then()
                .body("[0].quantity", equalTo(7));

        given().auth().oauth2(staff).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("product_id", product, "warehouse_id", warehouse, "quantity", 8, "reason", "receipt"))
                .post("/api/inventory/adjust").then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/idempotency-key-reused"));
    }

    @Test
    void aKeyPastItsRetentionIsForgottenAndItsRepeatIsANewRequest() {
        String warehouse = warehouse(staff);
        String product = product(staff, 5);
        String aged = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        adjustWithKey(aged, product, warehouse, 7).body("current_quantity", equalTo(7));
        adjustWithKey(fresh, product, warehouse, 3).body("current_quantity", equalTo(10));
        pool.preparedQuery("UPDATE idempotency_key SET created_at = now() - interval '25 hours'"
                + " WHERE tenant_id = $1 AND key = $2").execute(Tuple.of(tenant, aged)).await().indefinitely();

        assertThat(keyExpiry.expire().await().indefinitely()).isGreaterThanOrEqualTo(1);

        adjustWithKey(aged, product, warehouse, 7).body("current_quantity", equalTo(17));
        adjustWithKey(fresh, product, warehouse, 3).body("current_quantity", equalTo(10));
    }

    private ValidatableResponse adjustWithKey(String key, String product, String warehouse, int quantity) {
        return given().auth().oauth2(staff).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("product_id", product, "warehouse_id", warehouse, "quantity", quantity, "reason", "receipt"))
                .post("/api/inventory/adjust").then().statusCode(200);
    }

    @Test
    void concurrentRequestsWithOneIdempotencyKeyApplyOnce() throws Exception {
        String warehouse = warehouse(staff);
        String product = product(staff, 5);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("product_id", product, "warehouse_id", warehouse, "quantity", 3, "reason", "receipt");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> given().auth().oauth2(staff).header("Idempotency-Key", key).contentType(ContentType.JSON)
                    .body(body).post("/api/inventory/adjust").statusCode());
        }
        try {
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        given().auth().oauth2(staff).get("/api/inventory/products/" + product + "/stock").then()
                .body("[0].quantity", equalTo(3));
    }

    @Test
    void stockByWarehouseListsItsProductsAndAnotherTenantsWarehouseIsNotFound() {
        String warehouse = warehouse(staff);
        String a = product(staff, 5);
        String b = product(staff, 5);
        adjust(staff, a, warehouse, 4, "receipt").then().statusCode(200);
        adjust(staff, b, warehouse, 9, "receipt").then().statusCode(200);
        given().auth().oauth2(DevTokens.user(tenant, "viewer")).get("/api/inventory/warehouses/" + warehouse + "/stock")
                .then().statusCode(200).body("", hasSize(2));
        given().auth().oauth2(DevTokens.user("other-" + tenant, "viewer"))
                .get("/api/inventory/warehouses/" + warehouse + "/stock").then().statusCode(404);
        given().auth().oauth2(staff).get("/api/inventory/products/" + a + "/stock").then()
                .body("[0].low_stock_priority", equalTo("medium"));
    }
}
