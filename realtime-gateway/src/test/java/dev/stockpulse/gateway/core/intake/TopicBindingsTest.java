package dev.stockpulse.gateway.core.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.stockpulse.gateway.core.config.GatewayConfig;

/** What the gateway refuses to start with: bindings that would misdeliver or make positions unstable. */
class TopicBindingsTest {

    private static final List<String> TOPICS = List.of("inventory-events", "sales-events", "order.updated",
            "inventory.updated");

    record Binding(String topic, String eventType, Optional<String> tenant, String warehouseId)
            implements GatewayConfig.Binding {

        static Binding of(String topic, String eventType, String tenant) {
            return new Binding(topic, eventType, Optional.ofNullable(tenant), "default");
        }
    }

    @Test
    void noBindingsBindNothing() {
        assertThat(TopicBindings.resolve(Map.of(), List.of("inventory-events", "sales-events"), true)).isEmpty();
    }

    @Test
    void eachTopicGetsItsBindingAndTenant() {
        Map<String, TopicBinding> bound = TopicBindings.resolve(Map.of(
                "orders", Binding.of("order.updated", "sales.order.status_changed", "acme"),
                "stock", Binding.of("inventory.updated", "inventory.stock.updated", "globex")), TOPICS, true);

        assertThat(bound).containsOnlyKeys("order.updated", "inventory.updated");
        assertThat(bound.get("order.updated").tenant()).isEqualTo("acme");
        assertThat(bound.get("order.updated").name()).isEqualTo("orders");
        assertThat(bound.get("inventory.updated").tenant()).isEqualTo("globex");
        assertThat(bound.get("inventory.updated").eventType()).isEqualTo("inventory.stock.updated");
    }

    @Test
    void prodRefusesABindingWithoutATenant() {
        Map<String, GatewayConfig.Binding> bindings = Map.of("orders",
                Binding.of("order.updated", "sales.order.status_changed", null));

        assertThatThrownBy(() -> TopicBindings.resolve(bindings, TOPICS, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway.bindings.\"orders\".tenant: required in the prod profile");
        assertThat(TopicBindings.resolve(bindings, TOPICS, false).get("order.updated").tenant())
                .isEqualTo(TopicBindings.DEFAULT_TENANT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a:b", "tab\there",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void aTenantThatNoTokenCouldNameIsRefused(String tenant) {
        assertThatThrownBy(() -> TopicBindings.resolve(Map.of("orders",
                Binding.of("order.updated", "sales.order.status_changed", tenant)), TOPICS, false))
                .hasMessageContaining("gateway.bindings.\"orders\".tenant: '" + tenant + "' is not a tenant id");
    }

    @Test
    void theLongestTenantATokenMayNameIsFine() {
        assertThat(TopicBindings.resolve(Map.of("orders", Binding.of("order.updated", "sales.order.status_changed",
                "x".repeat(64))), TOPICS, true)).hasSize(1);
    }

    @Test
    void aTopicMustBeListedInTheTopicsThatPositionsName() {
        assertThatThrownBy(() -> TopicBindings.resolve(Map.of("orders",
                Binding.of("order.updated", "sales.order.status_changed", "acme")),
                List.of("inventory-events", "sales-events"), true))
                .hasMessageContaining("gateway.bindings.\"orders\".topic: append 'order.updated' to"
                        + " gateway.kafka.topics");
    }

    @ParameterizedTest
    @ValueSource(strings = {"inventory-events", "sales-events"})
    void stockPulsesOwnTopicsCannotBeBound(String topic) {
        assertThatThrownBy(() -> TopicBindings.resolve(Map.of("mine",
                Binding.of(topic, "inventory.stock.updated", "acme")), TOPICS, true))
                .hasMessageContaining(topic + " carries StockPulse events");
    }

    @Test
    void aTopicIsBoundOnceAndEveryProblemIsNamed() {
        assertThatThrownBy(() -> TopicBindings.resolve(Map.of(
                "a", Binding.of("order.updated", "sales.order.status_changed", "acme"),
                "b", Binding.of("order.updated", "inventory.stock.updated", "acme"),
                "c", Binding.of("inventory.updated", "inventory.low_stock", "acme"),
                "d", new Binding("order.updated.v2", "inventory.stock.updated", Optional.of("acme"), " ")), TOPICS,
                true))
                .hasMessageContaining("gateway.bindings.\"b\".topic: 'order.updated' is bound already, by a")
                .hasMessageContaining("gateway.bindings.\"c\".event-type must be one of")
                .hasMessageContaining("gateway.bindings.\"d\".topic: append 'order.updated.v2'")
                .hasMessageContaining("gateway.bindings.\"d\".warehouse-id: must not be blank");
    }
}
