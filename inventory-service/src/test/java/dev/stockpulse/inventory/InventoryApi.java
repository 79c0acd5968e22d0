package dev.stockpulse.inventory;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

/** REST calls the tests repeat: create a warehouse and a product, adjust stock. */
public final class InventoryApi {

    private InventoryApi() {
    }

    public static String warehouse(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("code", "WH-" + UUID.randomUUID().toString().substring(0, 8), "name", "Warehouse A"))
                .post("/api/warehouses").then().statusCode(201).extract().path("id");
    }

    public static String product(String token, long reorderLevel) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("sku", "SKU-" + UUID.randomUUID().toString().substring(0, 8), "name", "Laptop Computer",
                        "category", "electronics", "unit_price", 1200.00, "reorder_level", reorderLevel,
                        "reorder_quantity", 50))
                .post("/api/products").then().statusCode(201).extract().path("id");
    }

    public static io.restassured.response.Response adjust(String token, String productId, String warehouseId,
            long quantity, String reason) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("product_id", productId, "warehouse_id", warehouseId, "quantity", quantity, "reason", reason))
                .post("/api/inventory/adjust");
    }
}
