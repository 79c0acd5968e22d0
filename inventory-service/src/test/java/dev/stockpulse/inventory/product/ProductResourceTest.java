package dev.stockpulse.inventory.product;

import static dev.stockpulse.inventory.InventoryApi.adjust;
import static dev.stockpulse.inventory.InventoryApi.product;
import static dev.stockpulse.inventory.InventoryApi.warehouse;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventSchemas;
import dev.stockpulse.events.Topics;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class ProductResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    final String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    final String staff = DevTokens.staff(tenant, "clerk");

    @Test
    void updateAndDeletePublishTheirEventsAndDeletedProductsDisappear() {
        String id = product(staff, 10);
        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, Topics.INVENTORY_EVENTS)) {
            given().auth().oauth2(staff).contentType(ContentType.JSON).body(body("LAP-9", "Laptop Pro", "electronics", 15))
                    .put("/api/products/" + id).then().statusCode(200)
                    .body("name", equalTo("Laptop Pro")).body("reorder_level", equalTo(15));
            given().auth().oauth2(staff).delete("/api/products/" + id).then().statusCode(204);

            ConsumerRecord<String, String> updated = reader.await(r -> isEvent(r, "inventory.product.updated", id),
                    Duration.ofSeconds(20));
            ConsumerRecord<String, String> deleted = reader.await(r -> isEvent(r, "inventory.product.deleted", id),
                    Duration.ofSeconds(20));
            assertThat(EventSchemas.validate(updated.value())).isEmpty();
            assertThat(EventSchemas.validate(deleted.value())).isEmpty();
            assertThat(updated.offset()).isLessThan(deleted.offset());
        }
        given().auth().oauth2(staff).get("/api/products/" + id).then().statusCode(404);
        // the SKU is free again
        given().auth().oauth2(staff).contentType(ContentType.JSON).body(body("LAP-9", "Laptop Pro", "electronics", 15))
                .post("/api/products").then().statusCode(201);
    }

    @Test
    void listPagesAndFiltersByCategoryAndLowStock() {
        String warehouse = warehouse(staff);
        String low = create("A-LOW", "tools", 10);
        String fine = create("B-FINE", "tools", 10);
        create("C-OTHER", "garden", 10);
        adjust(staff, low, warehouse, 3, "receipt").then().statusCode(200);
        adjust(staff, fine, warehouse, 30, "receipt").then().statusCode(200);

        given().auth().oauth2(staff).queryParam("category", "tools").get("/api/products").then().statusCode(200)
                .body("total", equalTo(2)).body("items.sku", contains("A-LOW", "B-FINE"));
        given().auth().oauth2(staff).queryParam("low_stock", true).get("/api/products").then().statusCode(200)
                .body("items.sku", contains("A-LOW"));
        given().auth().oauth2(staff).queryParam("size", 1).queryParam("page", 1).get("/api/products").then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].sku", equalTo("B-FINE")).body("total", equalTo(3));
        given().auth().oauth2(DevTokens.staff("other-" + tenant, "x")).get("/api/products").then()
                .body("total", equalTo(0));
    }

    @Test
    void aDuplicateSkuIsAConflictAndBadFieldsAreNamed() {
        create("DUP-1", "tools", 5);
        given().auth().oauth2(staff).contentType(ContentType.JSON).body(body("DUP-1", "Again", "tools", 5))
                .post("/api/products").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/duplicate-sku"));
        Map<String, Object> negative = body("NEG-1", "Negative", "tools", -1);
        given().auth().oauth2(staff).contentType(ContentType.JSON).body(negative).post("/api/products").then()
                .statusCode(400).body("errors[0].field", equalTo("reorder_level"));
        Map<String, Object> wrongType = body("TYPE-1", "Typed", "tools", 1);
        wrongType.put("unit_price", "cheap");
        given().auth().oauth2(staff).contentType(ContentType.JSON).body(wrongType).post("/api/products").then()
                .statusCode(400).body("errors[0].field", equalTo("unit_price"));
    }

    @Test
    void anotherTenantCannotChangeOrDeleteAProduct() {
        String id = product(staff, 10);
        String stranger = DevTokens.admin("other-" + tenant, "mallory");
        given().auth().oauth2(stranger).contentType(ContentType.JSON).body(body("X-1", "Stolen", "tools", 1))
                .put("/api/products/" + id).then().statusCode(404);
        given().auth().oauth2(stranger).delete("/api/products/" + id).then().statusCode(404);
        given().auth().oauth2(staff).get("/api/products/" + id).then().statusCode(200).body("name", equalTo("Laptop Computer"));
    }

    private String create(String sku, String category, long reorderLevel) {
        return given().auth().oauth2(staff).contentType(ContentType.JSON).body(body(sku, "Product " + sku, category, reorderLevel))
                .post("/api/products").then().statusCode(201).extract().path("id");
    }

    private static Map<String, Object> body(String sku, String name, String category, long reorderLevel) {
        Map<String, Object> body = new HashMap<>();
        body.put("sku", sku);
        body.put("name", name);
        body.put("category", category);
        body.put("unit_price", 10.5);
        body.put("reorder_level", reorderLevel);
        body.put("reorder_quantity", 20);
        return body;
    }

    private static boolean isEvent(ConsumerRecord<String, String> r, String type, String productId) {
        return type.equals(TopicReader.header(r, EventHeaders.EVENT_TYPE)) && r.key().endsWith(":" + productId);
    }
}
