package dev.stockpulse.inventory.stock;

import static dev.stockpulse.inventory.InventoryApi.adjust;
import static dev.stockpulse.inventory.InventoryApi.product;
import static dev.stockpulse.inventory.InventoryApi.warehouse;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventSchemas;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import dev.stockpulse.localstack.test.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class StockAdjustmentTest {

    static final String TENANT = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
    static final String STAFF = DevTokens.staff(TENANT, "clerk-1");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void goingUnderTheReorderLevelPublishesLowStockWithPriorityTenantAndKey() {
        String warehouse = warehouse(STAFF);
        String product = product(STAFF, 10);
        adjust(STAFF, product, warehouse, 30, "receipt").then().statusCode(200);

        try (TopicReader reader = TopicReader.fromEnd(bootstrapServers, Topics.INVENTORY_EVENTS)) {
            adjust(STAFF, product, warehouse, -26, "damage").then().statusCode(200)
                    .body("previous_quantity", equalTo(30))
                    .body("current_quantity", equalTo(4))
                    .body("events", hasItem("inventory.low_stock"));

            ConsumerRecord<String, String> record = reader.await(
                    r -> "inventory.low_stock".equals(TopicReader.header(r, EventHeaders.EVENT_TYPE))
                            && r.key().equals(TENANT + ":" + product), Duration.ofSeconds(20));

            assertThat(EventSchemas.validate(record.value())).isEmpty();
            assertThat(TopicReader.header(record, EventHeaders.TENANT_ID)).isEqualTo(TENANT);
            assertThat(TopicReader.header(record, EventHeaders.PRIORITY)).isEqualTo("high");
            EventEnvelope<LowStockPayload> event = EventCodec.decode(record.value(), LowStockPayload.class);
            assertThat(event.metadata().tenantId()).isEqualTo(TENANT);
            assertThat(event.metadata().priority()).isEqualTo(Priority.HIGH);
            assertThat(event.metadata().sourceService()).isEqualTo("inventory-service");
            assertThat(event.payload().currentStock()).isEqualTo(4);
            assertThat(event.payload().reorderLevel()).isEqualTo(10);
            assertThat(event.payload().productName()).isEqualTo("Laptop Computer");
            assertThat(event.payload().warehouseId()).isEqualTo(warehouse);
        }
    }

    @Test
    void stayingLowAtTheSamePriorityDoesNotRepeatLowStock() {
        String warehouse = warehouse(STAFF);
        String product = product(STAFF, 10);
        adjust(STAFF, product, warehouse, 9, "receipt").then().statusCode(200)
                .body("events", hasItem("inventory.low_stock"));
        adjust(STAFF, product, warehouse, -1, "damage").then().statusCode(200)
                .body("events", equalTo(java.util.List.of("inventory.stock.updated")));
    }

    @Test
    void anotherTenantsProductIsNotFound() {
        String warehouse = warehouse(STAFF);
        String product = product(STAFF, 10);
        String stranger = DevTokens.staff("other-" + TENANT, "clerk-9");
        adjust(stranger, product, warehouse, 5, "receipt").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/not-found"));
    }

    @Test
    void aMissingProductOrWarehouseIsA404ProblemNamingItAndCreatesNoLevel() {
        String warehouse = warehouse(STAFF);
        String product = product(STAFF, 10);
        String missing = UUID.randomUUID().toString();
        assertNotFound(adjust(STAFF, missing, warehouse, 5, "receipt"), "Product " + missing);
        assertNotFound(adjust(STAFF, product, missing, 5, "receipt"), "Warehouse " + missing);
        // both missing: the product is named, as it is checked first
        assertNotFound(adjust(STAFF, missing, UUID.randomUUID().toString(), 5, "receipt"), "Product " + missing);
        String strangersWarehouse = warehouse(DevTokens.staff("other-" + TENANT, "clerk-9"));
        assertNotFound(adjust(STAFF, product, strangersWarehouse, 5, "receipt"), "Warehouse " + strangersWarehouse);
        given().auth().oauth2(STAFF).delete("/api/products/" + product).then().statusCode(204);
        assertNotFound(adjust(STAFF, product, warehouse, 5, "receipt"), "Product " + product);

        given().auth().oauth2(STAFF).get("/api/inventory/warehouses/" + warehouse + "/stock").then().statusCode(200)
                .body("", empty());
        given().auth().oauth2(STAFF).queryParam("warehouse_id", warehouse).get("/api/inventory/movements").then()
                .statusCode(200).body("", empty());
    }

    private static void assertNotFound(Response response, String what) {
        response.then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/not-found"))
                .body("title", equalTo("Not found"))
                .body("status", equalTo(404))
                .body("detail", equalTo(what + " does not exist"))
                .body("instance", equalTo("/api/inventory/adjust"));
    }

    @Test
    void stockNeverGoesNegativeWithoutBackorders() {
        String warehouse = warehouse(STAFF);
        String product = product(STAFF, 10);
        adjust(STAFF, product, warehouse, 3, "receipt").then().statusCode(200);
        adjust(STAFF, product, warehouse, -4, "sale").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/insufficient-stock"));
    }

    @Test
    void aTenantThatAllowsBackordersMayGoBelowZero() {
        String backorderStaff = DevTokens.staff("backorder-tenant", "clerk-b");
        String warehouse = warehouse(backorderStaff);
        String product = product(backorderStaff, 10);
        adjust(backorderStaff, product, warehouse, 2, "receipt").then().statusCode(200);
        adjust(backorderStaff, product, warehouse, -5, "sale").then().statusCode(200)
                .body("current_quantity", equalTo(-3))
                .body("events", hasItem("inventory.out_of_stock"));
    }

    @Test
    void badInputIsA400NamingTheField() {
        given().auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body(Map.of("product_id", "not-a-uuid", "warehouse_id", UUID.randomUUID(), "quantity", 1, "reason", "sale"))
                .post("/api/inventory/adjust").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("product_id"));
        given().auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body(Map.of("product_id", UUID.randomUUID(), "warehouse_id", UUID.randomUUID(), "reason", "sale"))
                .post("/api/inventory/adjust").then().statusCode(400)
                .body("errors[0].field", equalTo("quantity"));
        given().auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body(Map.of("product_id", UUID.randomUUID(), "warehouse_id", UUID.randomUUID(), "quantity", 2, "reason", "gift"))
                .post("/api/inventory/adjust").then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        given().auth().oauth2(STAFF).contentType(ContentType.JSON).body("{\"product_id\": ")
                .post("/api/inventory/adjust").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/malformed-json"))
                .body("detail", containsString("end-of-input"));
        // well-formed JSON, but a number no int holds: the field is named, as for any wrong value
        given().auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body("{\"product_id\":\"" + UUID.randomUUID() + "\",\"warehouse_id\":\"" + UUID.randomUUID()
                        + "\",\"quantity\":99999999999999999999,\"reason\":\"sale\"}")
                .post("/api/inventory/adjust").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/validation"))
                .body("errors[0].field", equalTo("quantity"));
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsA400NamingItAndABadIdInThePathA404() {
        given().auth().oauth2(STAFF).queryParam("product_id", "xyz").get("/api/inventory/movements").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://stockpulse.dev/problems/validation"))
                .body("errors[0].field", equalTo("product_id"))
                .body("errors[0].message", equalTo("must be a UUID, got 'xyz'"));
        given().auth().oauth2(STAFF).queryParam("size", "ten").get("/api/inventory/movements").then()
                .statusCode(400).body("errors[0].field", equalTo("size"));
        given().auth().oauth2(STAFF).get("/api/inventory/products/not-a-uuid/stock").then()
                .statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("wrong form"));
        given().auth().oauth2(STAFF).get("/api/nothing-here").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void withoutATokenTheCallIsRefused() {
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/inventory/adjust").then().statusCode(401);
        given().auth().oauth2(DevTokens.user(TENANT, "shopper")).contentType(ContentType.JSON)
                .body(Map.of("product_id", UUID.randomUUID(), "warehouse_id", UUID.randomUUID(), "quantity", 1, "reason", "sale"))
                .post("/api/inventory/adjust").then().statusCode(403);
    }

    /** Seed 004's client: its path, its body, a reason in its own case. */
    @Test
    void theGoInventoryServicesAdjustCallWorksAsItsDocumentSendsIt() {
        String warehouse = warehouse(STAFF);
        String product = product(STAFF, 0);
        adjust(STAFF, product, warehouse, 20, "receipt").then().statusCode(200);
        given().auth().oauth2(STAFF).contentType("application/json")
                .body("{\"product_id\":\"" + product + "\",\"warehouse_id\":\"" + warehouse
                        + "\",\"quantity\":-5,\"reason\":\"Sale\"}")
                .post("/inventory/adjust").then().statusCode(200)
                .body("current_quantity", equalTo(15)).body("reason", equalTo("sale"));
        given().auth().oauth2(STAFF).contentType("application/json")
                .body("{\"product_id\":\"" + product + "\",\"warehouse_id\":\"" + warehouse
                        + "\",\"quantity\":-5,\"reason\":\"Theft\"}")
                .post("/inventory/adjust").then().statusCode(400).body("errors[0].field", equalTo("reason"));
    }
}
