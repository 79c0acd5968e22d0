package dev.stockpulse.sales.order;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an order is in its lifecycle; {@link SalesOrder}'s transition methods are the only way from one to another.
 * The {@link #wireName()} is what the database column, the REST views and the {@code status} of {@code OrderPayload}
 * carry, unchanged from when the status was a string.
 */
public enum OrderStatus {

    /** Placed; inventory-service has not answered yet. */
    PENDING,
    /** inventory-service reserved every line. */
    CONFIRMED,
    /** inventory-service could not reserve every line. Final. */
    REJECTED,
    /** By the buyer or staff, while pending or confirmed; inventory releases what it reserved. Final. */
    CANCELLED,
    /** Staff handed a confirmed order over to its buyer. Final. */
    DELIVERED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    /** Every wire name, sorted, for messages that list what is accepted. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(OrderStatus::wireName).sorted().toList();
    }

    public static Optional<OrderStatus> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }
}
