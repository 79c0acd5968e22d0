package dev.stockpulse.sales.order.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.stockpulse.events.sales.NotificationPayload;
import dev.stockpulse.sales.order.OrderLineItem;
import dev.stockpulse.sales.order.SalesOrder;

class OrderNotificationsTest {

    @Test
    void aConfirmedOrderIsGoodNews() {
        SalesOrder order = order("2459.70");
        order.confirm();

        NotificationPayload note = OrderNotifications.of(order, lines(2, 3), "n-1").orElseThrow();

        assertThat(note.notificationId()).isEqualTo("n-1");
        assertThat(note.userId()).isEqualTo("ann");
        assertThat(note.title()).isEqualTo("Order confirmed");
        assertThat(note.message())
                .isEqualTo("Your order of 5 items (total 2459.70) is confirmed: the stock is reserved for you.");
        assertThat(note.level()).isEqualTo(NotificationPayload.LEVEL_SUCCESS);
    }

    @Test
    void aRejectedOrderSaysWhy() {
        SalesOrder order = order("36000.00");
        order.reject("insufficient stock: p-1 requested 30, available 4");

        NotificationPayload note = OrderNotifications.of(order, lines(30), "n-2").orElseThrow();

        assertThat(note.title()).isEqualTo("Order rejected");
        assertThat(note.message()).isEqualTo("Your order of 30 items (total 36000.00) could not be accepted: "
                + "insufficient stock: p-1 requested 30, available 4.");
        assertThat(note.level()).isEqualTo(NotificationPayload.LEVEL_ERROR);
    }

    @Test
    void aDeliveredOrderOfOneItemSaysItem() {
        SalesOrder order = order("1200.00");
        order.confirm();
        order.deliver();

        NotificationPayload note = OrderNotifications.of(order, lines(1), "n-3").orElseThrow();

        assertThat(note.title()).isEqualTo("Order delivered");
        assertThat(note.message()).isEqualTo("Your order of 1 item (total 1200.00) has been delivered.");
        assertThat(note.level()).isEqualTo(NotificationPayload.LEVEL_SUCCESS);
    }

    @Test
    void theBuyerIsNotToldOfAPendingOrderOrACancel() {
        SalesOrder pending = order("19.90");
        assertThat(OrderNotifications.of(pending, lines(1), "n-4")).isEmpty();

        SalesOrder cancelled = order("19.90");
        cancelled.confirm();
        cancelled.cancel("sam", null);
        assertThat(OrderNotifications.of(cancelled, lines(1), "n-5")).isEmpty();
    }

    private static SalesOrder order(String total) {
        SalesOrder order = new SalesOrder();
        order.userId = "ann";
        order.total = new BigDecimal(total);
        return order;
    }

    private static List<OrderLineItem> lines(long... quantities) {
        return Arrays.stream(quantities).mapToObj(q -> {
            OrderLineItem line = new OrderLineItem();
            line.productId = "p-" + q;
            line.quantity = q;
            line.unitPrice = BigDecimal.ONE;
            return line;
        }).toList();
    }
}
