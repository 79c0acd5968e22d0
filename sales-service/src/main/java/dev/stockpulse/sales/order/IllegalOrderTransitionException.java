package dev.stockpulse.sales.order;

/**
 * An action the order's status does not allow, such as cancelling a delivered order. Nothing was changed; the caller
 * decides what it means for its audience (a 409 for a person, an ignored answer for inventory-service).
 */
public class IllegalOrderTransitionException extends IllegalStateException {

    private final OrderStatus from;
    private final String action;

    public IllegalOrderTransitionException(OrderStatus from, String action) {
        super("Cannot " + action + " a " + from.wireName() + " order");
        this.from = from;
        this.action = action;
    }

    /** The status the order is in, and stays in. */
    public OrderStatus from() {
        return from;
    }

    /** {@code confirm}, {@code reject}, {@code cancel} or {@code deliver}. */
    public String action() {
        return action;
    }
}
