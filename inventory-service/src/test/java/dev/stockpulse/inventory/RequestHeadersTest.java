package dev.stockpulse.inventory;

import static dev.stockpulse.inventory.InventoryApi.product;
import static dev.stockpulse.inventory.InventoryApi.warehouse;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The free-form headers the REST API reads are bounded: a longer one is a 400 naming the header, not a 500. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class RequestHeadersTest {

    final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    final String staff = DevTokens.staff(tenant, "clerk");

    @Test
    void aCorrelationIdLongerThan128CharactersIsRefusedNamingTheHeader() {
        String warehouse = warehouse(staff);
        String laptop = product(staff, 2);
        String tooLong = "c".repeat(129);

        refused(adjustment(laptop, warehouse).header("X-Correlation-Id", tooLong).post("/api/inventory/adjust"),
                "X-Correlation-Id");
        refused(productBody().header("X-Correlation-Id", tooLong).post("/api/products"), "X-Correlation-Id");
        refused(productBody().header("X-Correlation-Id", tooLong).put("/api/products/" + laptop), "X-Correlation-Id");
        refused(given().auth().oauth2(staff).header("X-Correlation-Id", tooLong).delete("/api/products/" + laptop),
                "X-Correlation-Id");

        String longest = "d".repeat(128);
        adjustment(laptop, warehouse).header("X-Correlation-Id", longest).post("/api/inventory/adjust").then()
                .statusCode(200);
        given().auth().oauth2(staff).queryParam("product_id", laptop).get("/api/inventory/movements").then()
                .statusCode(200).body("correlation_id", hasItem(longest));
    }

    @Test
    void anIdempotencyKeyLongerThan200CharactersIsRefusedNamingTheHeader() {
        String warehouse = warehouse(staff);
        String laptop = product(staff, 2);
        refused(adjustment(laptop, warehouse).header("Idempotency-Key", "k".repeat(201)).post("/api/inventory/adjust"),
                "Idempotency-Key");
        adjustment(laptop, warehouse).header("Idempotency-Key", "k".repeat(200)).post("/api/inventory/adjust").then()
                .statusCode(200);
    }

    @Test
    void aTokenWhoseIdsCannotBeStoredIsRefusedNamingTheClaim() {
        String warehouse = warehouse(staff);
        String laptop = product(staff, 2);
        forbidden(InventoryApi.adjust(DevTokens.staff(tenant, "u".repeat(129)), laptop, warehouse, 1, "receipt"), "sub");
        forbidden(InventoryApi.adjust(DevTokens.staff(tenant, "clerk\u0000"), laptop, warehouse, 1, "receipt"), "sub");
        String longTenant = "t".repeat(65);
        forbidden(given().auth().oauth2(DevTokens.staff(longTenant, "clerk")).contentType(ContentType.JSON)
                .body(Map.of("code", "WH-1", "name", "Warehouse A")).post("/api/warehouses"), "tenant_id");

        InventoryApi.adjust(DevTokens.staff(tenant, "u".repeat(128)), laptop, warehouse, 1, "receipt").then()
                .statusCode(200);
        warehouse(DevTokens.staff("t".repeat(64), "clerk"));
    }

    private static void forbidden(io.restassured.response.Response response, String claim) {
        response.then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/forbidden"))
                .body("detail", containsString(claim));
    }

    private RequestSpecification adjustment(String productId, String warehouseId) {
        return given().auth().oauth2(staff).contentType(ContentType.JSON).body(Map.of("product_id", productId,
                "warehouse_id", warehouseId, "quantity", 1, "reason", "receipt"));
    }

    private RequestSpecification productBody() {
        return given().auth().oauth2(staff).contentType(ContentType.JSON)
                .body(Map.of("sku", "SKU-" + UUID.randomUUID().toString().substring(0, 8), "name", "Laptop Computer",
                        "category", "electronics", "unit_price", 1200.00, "reorder_level", 2, "reorder_quantity", 50));
    }

    private static void refused(io.restassured.response.Response response, String header) {
        response.then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/validation"))
                .body("errors[0].field", equalTo(header))
                .body("detail", containsString(header));
    }
}
