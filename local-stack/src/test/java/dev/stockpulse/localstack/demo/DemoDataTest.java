package dev.stockpulse.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.demo.DemoData.Movement;
import dev.stockpulse.localstack.demo.DemoData.Product;
import dev.stockpulse.localstack.demo.DemoData.Tenant;

class DemoDataTest {

    @Test
    void theSameSeedGivesTheSamePlanAndAnotherSeedAnotherOne() {
        assertThat(DemoData.plan(42)).isEqualTo(DemoData.plan(42));
        assertThat(DemoData.plan(DemoData.DEFAULT_SEED)).isEqualTo(DemoData.plan(DemoData.DEFAULT_SEED));
        assertThat(DemoData.plan(43)).isNotEqualTo(DemoData.plan(42));
    }

    @Test
    void twoTenantsWithWarehousesAndAFewDozenProductsEachWithAUniqueSku() {
        List<Tenant> plan = DemoData.plan(DemoData.DEFAULT_SEED);
        assertThat(plan).extracting(Tenant::id).containsExactly("demo", "northwind");
        for (Tenant tenant : plan) {
            assertThat(tenant.warehouses()).hasSizeBetween(2, 3);
            assertThat(tenant.products()).hasSizeGreaterThanOrEqualTo(24);
            assertThat(tenant.products()).extracting(Product::sku).doesNotHaveDuplicates();
            assertThat(tenant.products()).allSatisfy(p -> {
                assertThat(p.reorderLevel()).isPositive();
                assertThat(p.reorderQuantity()).isGreaterThan(p.reorderLevel());
                assertThat(p.unitPrice()).isPositive();
            });
        }
    }

    @Test
    void stockNeverGoesBelowZeroAndEndsWithSomeLevelsLowOneSoldOutAndMostHealthy() {
        for (long seed : new long[] { DemoData.DEFAULT_SEED, 1, 2, 3, 99 }) {
            for (Tenant tenant : DemoData.plan(seed)) {
                Map<String, Integer> reorderLevels = tenant.products().stream()
                        .collect(Collectors.toMap(Product::sku, Product::reorderLevel));
                Map<String, Long> levels = new java.util.HashMap<>();
                for (Movement m : tenant.movements()) {
                    long after = levels.merge(m.sku() + "@" + m.warehouseCode(), m.quantity(), Long::sum);
                    assertThat(after).as("seed %d, %s", seed, m).isNotNegative();
                    assertThat(m.reason()).isEqualTo(m.quantity() > 0 ? "receipt" : "sale");
                }
                long soldOut = levels.values().stream().filter(l -> l == 0).count();
                long low = levels.entrySet().stream()
                        .filter(e -> e.getValue() > 0 && e.getValue() <= reorderLevels.get(e.getKey().split("@")[0]))
                        .count();
                assertThat(soldOut).as("seed %d", seed).isEqualTo(1);
                assertThat(low).as("seed %d", seed).isPositive().isLessThan(levels.size() / 2);
                assertThat(tenant.movements()).filteredOn(m -> m.reason().equals("sale"))
                        .hasSizeGreaterThan(tenant.products().size());
            }
        }
    }
}
