package dev.stockpulse.inventory.stock.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.stockpulse.commons.messaging.ConsumerRetryConfig;
import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.inventory.config.InventoryConfig;
import dev.stockpulse.inventory.product.Product;
import dev.stockpulse.inventory.stock.StockReason;
import dev.stockpulse.inventory.stock.service.StockEventFactory.Cause;
import dev.stockpulse.inventory.warehouse.Warehouse;

class StockRulesTest {

    static final Cause CAUSE = new Cause("tenant-a", "corr-1", null);

    final StockRules rules = new StockRules(config(Set.of("backorders")), new StockEventFactory());
    final Product product = product();
    final Warehouse warehouse = warehouse();

    @Test
    void aSaleCountsAsDemandForItsOwnDaysOfStock() {
        // 10 sold in the 14-day window before, this sale of 4 makes 14: one a day, so 6 left last 6 days.
        StockRules.Decision d = rules.decide(CAUSE, "clerk", product, warehouse, 10, null, -4, StockReason.SALE, 10);
        assertThat(d.events()).hasSize(2);
        assertThat(((LowStockPayload) d.events().get(1).payload()).daysOfStockRemaining()).isEqualTo(6.0);

        // A damage is no demand: the window's 10 alone, 0.714 a day, 8.4 days for 6 units.
        StockRules.Decision damage = rules.decide(CAUSE, "clerk", product, warehouse, 10, null, -4, StockReason.DAMAGE,
                10);
        assertThat(((LowStockPayload) damage.events().get(1).payload()).daysOfStockRemaining()).isEqualTo(8.4);
    }

    @Test
    void theStockUpdateComesFirstThenTheThresholdEventAndTheLevelRemembersWhatWasAnnounced() {
        StockRules.Decision d = rules.decide(CAUSE, "clerk", product, warehouse, 12, null, -8, StockReason.DAMAGE, 0);
        assertThat(d.events()).extracting(e -> e.metadata().eventType())
                .containsExactly("inventory.stock.updated", "inventory.low_stock");
        assertThat(d.alertPriority()).isEqualTo("high");
        assertThat(d.movement().previousQuantity).isEqualTo(12);
        assertThat(d.movement().newQuantity).isEqualTo(4);
        assertThat(d.movement().correlationId).isEqualTo("corr-1");
        assertThat(d.result().events()).containsExactly("inventory.stock.updated", "inventory.low_stock");

        StockRules.Decision back = rules.decide(CAUSE, "clerk", product, warehouse, 4, "high", 20, StockReason.RECEIPT, 0);
        assertThat(back.events()).extracting(e -> e.metadata().eventType())
                .containsExactly("inventory.stock.updated", "inventory.stock.replenished");
        assertThat(back.alertPriority()).isNull();
    }

    @Test
    void belowZeroIsRefusedUnlessTheTenantAllowsBackorders() {
        assertThatThrownBy(() -> rules.decide(CAUSE, "clerk", product, warehouse, 3, null, -4, StockReason.SALE, 0))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.toProblem("/").detail()).isEqualTo("Stock of LAP-1 in WH-1 is 3; removing 4 would make"
                            + " it negative and this tenant does not allow backorders");
                });

        StockRules.Decision d = rules.decide(new Cause("backorders", "corr-2", null), "clerk", product, warehouse, 3,
                null, -4, StockReason.SALE, 0);
        assertThat(d.movement().newQuantity).isEqualTo(-1);
        assertThat(d.events()).extracting(e -> e.metadata().eventType())
                .containsExactly("inventory.stock.updated", "inventory.out_of_stock");
    }

    @Test
    void daysOfStockAreAbsentWithoutDemandAndNeverNegative() {
        assertThat(StockRules.daysOfStockRemaining(10, 0, 14)).isNull();
        assertThat(StockRules.daysOfStockRemaining(-3, 14, 14)).isEqualTo(0.0);
        assertThat(StockRules.daysOfStockRemaining(7, 14, 14)).isEqualTo(7.0);
    }

    private static Product product() {
        Product p = new Product();
        p.id = UUID.randomUUID();
        p.tenantId = "tenant-a";
        p.sku = "LAP-1";
        p.name = "Laptop";
        p.category = "electronics";
        p.unitPrice = new BigDecimal("1200.00");
        p.reorderLevel = 10;
        p.reorderQuantity = 50;
        return p;
    }

    private static Warehouse warehouse() {
        Warehouse w = new Warehouse();
        w.id = UUID.randomUUID();
        w.tenantId = "tenant-a";
        w.code = "WH-1";
        w.name = "Main";
        return w;
    }

    private static InventoryConfig config(Set<String> backorderTenants) {
        return new InventoryConfig() {
            @Override
            public boolean allowBackorders() {
                return false;
            }

            @Override
            public Optional<Set<String>> backorderTenants() {
                return Optional.of(backorderTenants);
            }

            @Override
            public int demandWindowDays() {
                return 14;
            }

            @Override
            public Duration reevaluationInterval() {
                return Duration.ofMinutes(5);
            }

            @Override
            public ConsumerRetryConfig consumer() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
