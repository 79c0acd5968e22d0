package dev.stockpulse.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypeTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void isFoundByItsWireName(EventType type) {
        assertThat(EventType.fromWire(type.wireName())).contains(type);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goesToTheTopicOfItsDomain(EventType type) {
        String expected = type.wireName().startsWith("inventory.") ? Topics.INVENTORY_EVENTS : Topics.SALES_EVENTS;

        assertThat(type.topic()).isEqualTo(expected);
        assertThat(type.wireName()).matches("(inventory|sales)\\.[a-z_.]+");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void carriesAPayloadRecord(EventType type) {
        assertThat(type.payloadType().isRecord()).isTrue();
    }

    @Test
    void coversTheCatalogue() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::wireName)).containsExactlyInAnyOrder(
                "inventory.product.created", "inventory.product.updated", "inventory.product.deleted",
                "inventory.stock.updated", "inventory.low_stock", "inventory.out_of_stock",
                "inventory.stock.replenished", "inventory.stock.reserved", "inventory.stock.reservation_failed",
                "sales.order.created", "sales.order.confirmed", "sales.order.rejected", "sales.order.cancelled",
                "sales.order.delivered", "sales.order.status_changed", "sales.alert.raised", "sales.alert.escalated",
                "sales.alert.acknowledged", "sales.alert.resolved", "sales.alert.broadcast", "sales.notification",
                "sales.forecast.generated", "sales.forecast.updated", "sales.forecast.model_retrained",
                "sales.analytics.daily_summary", "sales.analytics.monthly_report");
    }

    @Test
    void unknownOrNullWireNameIsEmpty() {
        assertThat(EventType.fromWire("inventory.stock.counted")).isEmpty();
        assertThat(EventType.fromWire("INVENTORY.LOW_STOCK")).isEmpty();
        assertThat(EventType.fromWire(null)).isEmpty();
    }
}
