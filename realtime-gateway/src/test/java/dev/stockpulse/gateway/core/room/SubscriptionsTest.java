package dev.stockpulse.gateway.core.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.stockpulse.gateway.core.routing.Channel;

class SubscriptionsTest {

    @ParameterizedTest
    @EnumSource(value = Channel.class, names = "ALL", mode = EnumSource.Mode.EXCLUDE)
    void allWantsEveryChannel(Channel channel) {
        assertThat(new Subscriptions(List.of(Channel.ALL)).wants(channel)).isTrue();
    }

    @Test
    void aConcreteSubscriptionWantsOnlyItsChannels() {
        Subscriptions subscriptions = new Subscriptions(List.of(Channel.STOCK, Channel.ALERTS));

        assertThat(EnumSet.complementOf(EnumSet.of(Channel.ALL))).allSatisfy(channel -> assertThat(
                subscriptions.wants(channel)).as(channel.wireName())
                .isEqualTo(channel == Channel.STOCK || channel == Channel.ALERTS));
    }

    @Test
    void noChannelsWantNothing() {
        Subscriptions subscriptions = new Subscriptions(List.of());

        assertThat(subscriptions.wants(Channel.STOCK)).isFalse();
        assertThat(subscriptions.current()).isEmpty();
    }

    @Test
    void subscribeAddsAndUnsubscribeRemoves() {
        Subscriptions subscriptions = new Subscriptions(List.of(Channel.STOCK));

        subscriptions.subscribe(Channel.ORDERS);
        assertThat(subscriptions.current()).containsExactly(Channel.STOCK, Channel.ORDERS);

        subscriptions.unsubscribe(Channel.STOCK);
        assertThat(subscriptions.current()).containsExactly(Channel.ORDERS);
        assertThat(subscriptions.wants(Channel.STOCK)).isFalse();
    }

    @Test
    void subscribeAndUnsubscribeAreIdempotent() {
        Subscriptions subscriptions = new Subscriptions(List.of(Channel.STOCK));

        subscriptions.subscribe(Channel.STOCK);
        subscriptions.unsubscribe(Channel.ALERTS);

        assertThat(subscriptions.current()).containsExactly(Channel.STOCK);
    }

    @Test
    void unsubscribingOneChannelFromAllKeepsEveryOtherChannel() {
        Subscriptions subscriptions = new Subscriptions(List.of(Channel.ALL));

        subscriptions.unsubscribe(Channel.ORDERS);

        assertThat(subscriptions.wants(Channel.ORDERS)).isFalse();
        assertThat(subscriptions.current())
                .containsExactly(Channel.STOCK, Channel.PRODUCTS, Channel.ALERTS, Channel.NOTIFICATIONS,
                        Channel.FORECASTS, Channel.ANALYTICS);
    }

    @Test
    void unsubscribingAllKeepsTheConcreteChannels() {
        Subscriptions subscriptions = new Subscriptions(List.of(Channel.ALL, Channel.STOCK));

        subscriptions.unsubscribe(Channel.ALL);

        assertThat(subscriptions.current()).containsExactly(Channel.STOCK);
        assertThat(subscriptions.wants(Channel.ALERTS)).isFalse();
    }

    @Test
    void channelNamesAreExactAndLowerCase() {
        assertThat(Channel.fromWire("stock")).contains(Channel.STOCK);
        assertThat(Channel.fromWire("all")).contains(Channel.ALL);
        assertThat(Channel.fromWire("Stock")).isEmpty();
        assertThat(Channel.fromWire("stocks")).isEmpty();
        assertThat(Channel.fromWire(null)).isEmpty();
    }
}
