package dev.stockpulse.gateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.stockpulse.events.EventType;

class EventRouterTest {

    private final EventRouter router = new EventRouter();

    @ParameterizedTest
    @CsvSource({
            "inventory.stock.updated, stock",
            "inventory.low_stock, stock",
            "inventory.out_of_stock, stock",
            "inventory.stock.replenished, stock",
            "inventory.product.created, products",
            "inventory.product.updated, products",
            "inventory.product.deleted, products",
            "inventory.stock.reserved, orders",
            "inventory.stock.reservation_failed, orders",
            "sales.order.created, orders",
            "sales.order.confirmed, orders",
            "sales.order.rejected, orders",
            "sales.order.cancelled, orders",
            "sales.order.delivered, orders",
            "sales.alert.raised, alerts",
            "sales.alert.escalated, alerts",
            "sales.alert.acknowledged, alerts",
            "sales.alert.resolved, alerts",
            "sales.notification, notifications",
    })
    void everyKnownEventTypeHasItsChannel(String eventType, String channel) {
        assertThat(router.channelOf(eventType).map(Channel::wireName)).contains(channel);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void noEventTypeOfTheContractIsLeftWithoutAChannel(EventType type) {
        assertThat(router.channelOf(type.wireName())).isPresent();
    }

    @Test
    void aNewTypeInAKnownFamilyFollowsItsFamily() {
        assertThat(router.channelOf("inventory.stock.adjusted")).contains(Channel.STOCK);
        assertThat(router.channelOf("inventory.product.archived")).contains(Channel.PRODUCTS);
        assertThat(router.channelOf("sales.alert.snoozed")).contains(Channel.ALERTS);
        assertThat(router.channelOf("sales.order.returned")).contains(Channel.ORDERS);
        assertThat(router.channelOf("sales.forecast.revised")).contains(Channel.FORECASTS);
        assertThat(router.channelOf("sales.analytics.daily_summary")).contains(Channel.ANALYTICS);
        assertThat(router.route("sales.analytics.monthly_report", "t1", null)).get()
                .extracting(Route::rooms).isEqualTo(java.util.List.of("tenant:t1"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "inventory", "inventory.stock", "inventory.stock.", "sales.order.", "sales.notifications",
            "billing.invoice.paid", "INVENTORY.LOW_STOCK", "inventory.low_stock.extra" })
    void unknownTypesHaveNoChannel(String eventType) {
        assertThat(router.channelOf(eventType)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "inventory.low_stock", "inventory.product.created", "inventory.stock.updated",
            "sales.alert.raised" })
    void stockProductAndAlertEventsGoToTheTenantRoomOnly(String eventType) {
        Route route = router.route(eventType, "t1", "alice").orElseThrow();

        assertThat(route.rooms()).containsExactly("tenant:t1");
    }

    @ParameterizedTest
    @ValueSource(strings = { "sales.order.created", "inventory.stock.reserved", "inventory.stock.reservation_failed" })
    void orderEventsGoToTheBuyerAndTheTenantsAdmins(String eventType) {
        Route route = router.route(eventType, "t1", "alice").orElseThrow();

        assertThat(route.channel()).isEqualTo(Channel.ORDERS);
        assertThat(route.rooms()).containsExactlyInAnyOrder("user:t1:alice", "admin:t1");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "  " })
    void orderEventsWithoutBuyerGoToTheAdminsOnly(String userId) {
        assertThat(router.route("sales.order.confirmed", "t1", userId).map(Route::rooms))
                .hasValueSatisfying(rooms -> assertThat(rooms).containsExactly("admin:t1"));
    }

    @Test
    void notificationsGoToTheirUserOnly() {
        Route route = router.route("sales.notification", "t1", "alice").orElseThrow();

        assertThat(route.channel()).isEqualTo(Channel.NOTIFICATIONS);
        assertThat(route.rooms()).containsExactly("user:t1:alice");
    }

    @Test
    void aNotificationForNobodyHasNoRoute() {
        assertThat(router.route("sales.notification", "t1", null)).isEmpty();
        assertThat(router.route("sales.notification", "t1", "")).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " ", "t1:evil" })
    void anEventWithoutAUsableTenantHasNoRoute(String tenantId) {
        assertThat(router.route("inventory.low_stock", tenantId, null)).isEmpty();
        assertThat(router.route("sales.order.created", tenantId, "alice")).isEmpty();
    }

    @Test
    void unknownTypesHaveNoRoute() {
        assertThat(router.route("billing.invoice.paid", "t1", "alice")).isEmpty();
    }

    @Test
    void everyRouteStaysInsideItsTenant() {
        for (EventType type : EventType.values()) {
            Optional<Route> route = router.route(type.wireName(), "t1", "alice");
            assertThat(route).as(type.wireName()).isPresent();
            assertThat(route.get().rooms()).as(type.wireName())
                    .isNotEmpty()
                    .allSatisfy(room -> assertThat(Arrays.asList(room.split(":"))).element(1).isEqualTo("t1"));
        }
    }

    @Test
    void noRouteNamesTheWildcardChannel() {
        for (EventType type : EventType.values()) {
            assertThat(router.route(type.wireName(), "t1", "alice").map(Route::channel)).isPresent().get()
                    .isNotEqualTo(Channel.ALL);
        }
    }
}
