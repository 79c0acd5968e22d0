package dev.stockpulse.inventory.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.demo.DemoData;
import dev.stockpulse.localstack.demo.DemoData.Movement;
import dev.stockpulse.localstack.demo.DemoData.Product;
import dev.stockpulse.localstack.demo.DemoData.Tenant;
import dev.stockpulse.localstack.demo.DemoLoader;
import dev.stockpulse.localstack.demo.DemoLoader.LoadedProduct;
import dev.stockpulse.localstack.demo.DemoLoader.LoadedTenant;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * run-local.sh's demo data goes in through this service's public REST API, as a tenant's admin would send it: after
 * loading, the service holds every product with the levels the plan ends at, and lists the low ones as low.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "inventory"))
class DemoLoaderTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void theLoadedDataIsWhatThePlanSaysAndTheServiceAgrees() {
        // Tenants of their own, so that other tests' data in the shared database is not counted here.
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Tenant> plan = DemoData.plan(DemoData.DEFAULT_SEED).stream()
                .map(t -> new Tenant(t.id() + "-" + run, t.warehouses(), t.products(), t.movements()))
                .toList();

        List<LoadedTenant> loaded = new DemoLoader(base.toString().replaceAll("/$", "")).load(plan, step -> { });

        assertThat(loaded).extracting(LoadedTenant::id).containsExactlyElementsOf(plan.stream().map(Tenant::id).toList());
        for (int i = 0; i < plan.size(); i++) {
            Tenant tenant = plan.get(i);
            LoadedTenant result = loaded.get(i);
            String token = DevTokens.admin(tenant.id(), "checker");
            Map<String, Long> expected = finalLevels(tenant, result);

            List<String> skus = given().auth().oauth2(token).queryParam("size", 100).get("/api/products")
                    .then().statusCode(200).extract().jsonPath().getList("items.sku");
            assertThat(skus).containsExactlyInAnyOrderElementsOf(tenant.products().stream().map(Product::sku).toList());

            Map<String, Long> actual = new HashMap<>();
            for (LoadedProduct product : result.products()) {
                List<Map<String, Object>> levels = given().auth().oauth2(token)
                        .get("/api/inventory/products/" + product.id() + "/stock")
                        .then().statusCode(200).extract().jsonPath().getList("$");
                levels.forEach(l -> actual.put(product.product().sku() + "@" + l.get("warehouse_id"),
                        ((Number) l.get("quantity")).longValue()));
                product.levels().forEach((warehouse, level) -> assertThat(level)
                        .as("the level the loader reports for %s in %s", product.product().sku(), warehouse)
                        .isEqualTo(expected.get(product.product().sku() + "@" + warehouse)));
            }
            assertThat(actual).isEqualTo(expected);

            long low = result.products().stream()
                    .filter(p -> p.levels().values().stream().anyMatch(l -> l <= p.product().reorderLevel()))
                    .count();
            int listedLow = given().auth().oauth2(token).queryParam("low_stock", true).queryParam("size", 100)
                    .get("/api/products").then().statusCode(200).extract().path("total");
            assertThat(listedLow).isEqualTo(low).isPositive();
        }
    }

    /** The plan's movements summed per product and warehouse id: what the service must hold afterwards. */
    private static Map<String, Long> finalLevels(Tenant tenant, LoadedTenant loaded) {
        return tenant.movements().stream().collect(Collectors.groupingBy(
                (Movement m) -> m.sku() + "@" + loaded.warehouseIds().get(m.warehouseCode()),
                Collectors.summingLong(Movement::quantity)));
    }
}
