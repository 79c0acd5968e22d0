package dev.stockpulse.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.demo.DemoData.Product;
import dev.stockpulse.localstack.demo.DemoLoader.LoadedProduct;
import dev.stockpulse.localstack.demo.DemoLoader.LoadedTenant;
import dev.stockpulse.localstack.demo.TrafficSimulator.Kind;
import dev.stockpulse.localstack.demo.TrafficSimulator.Step;

class TrafficSimulatorTest {

    /** The loaded plan as the services would have answered it, with made-up ids. */
    private static List<LoadedTenant> loaded() {
        List<LoadedTenant> tenants = new ArrayList<>();
        for (DemoData.Tenant tenant : DemoData.plan(DemoData.DEFAULT_SEED)) {
            Map<String, String> warehouses = new LinkedHashMap<>();
            tenant.warehouses().forEach(w -> warehouses.put(w.code(), tenant.id() + "/" + w.code()));
            Map<String, LoadedProduct> products = new LinkedHashMap<>();
            for (Product p : tenant.products()) {
                products.put(p.sku(), new LoadedProduct(tenant.id() + "/" + p.sku(), p, new LinkedHashMap<>()));
            }
            tenant.movements().forEach(m -> products.get(m.sku()).levels()
                    .merge(warehouses.get(m.warehouseCode()), m.quantity(), Long::sum));
            tenants.add(new LoadedTenant(tenant.id(), warehouses, List.copyOf(products.values())));
        }
        return tenants;
    }

    @Test
    void theSameSeedGivesTheSameSteps() {
        List<LoadedTenant> tenants = loaded();
        Random a = new Random(7);
        Random b = new Random(7);
        for (int i = 0; i < 500; i++) {
            assertThat(TrafficSimulator.next(a, tenants)).isEqualTo(TrafficSimulator.next(b, tenants));
        }
    }

    @Test
    void aRunHasEveryKindOfStepAndNeverSellsWhatIsNotThere() {
        List<LoadedTenant> tenants = loaded();
        Random random = new Random(11);
        Set<Kind> seen = EnumSet.noneOf(Kind.class);
        for (int i = 0; i < 2_000; i++) {
            Step step = TrafficSimulator.next(random, tenants);
            seen.add(step.kind());
            switch (step.kind()) {
                case SALE, STOCKOUT -> {
                    long level = step.product().levels().get(step.warehouseId());
                    assertThat(step.quantity()).isBetween(1L, level);
                    if (step.kind() == Kind.STOCKOUT) {
                        assertThat(step.quantity()).isEqualTo(level);
                    }
                    step.product().levels().put(step.warehouseId(), level - step.quantity());
                }
                case RECEIPT -> {
                    assertThat(step.product().levels().get(step.warehouseId()))
                            .isLessThanOrEqualTo(step.product().product().reorderLevel());
                    step.product().levels().merge(step.warehouseId(), step.quantity(), Long::sum);
                }
                case ORDER -> assertThat(step.lines()).isNotEmpty().allSatisfy((product, quantity) ->
                        assertThat(quantity).isBetween(1L, 3L));
                case DELIVERY -> assertThat(step.tenant()).isIn("demo", "northwind");
            }
        }
        assertThat(seen).isEqualTo(EnumSet.allOf(Kind.class));
    }
}
