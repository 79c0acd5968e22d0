package dev.stockpulse.events;

/** Kafka topic names. */
public final class Topics {

    public static final String INVENTORY_EVENTS = "inventory-events";
    public static final String SALES_EVENTS = "sales-events";

    private static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    /** Where a consumer of {@code topic} parks the records it cannot process; see {@link EventHeaders} for why. */
    public static String deadLetter(String topic) {
        return Checks.requiredText(topic, "topic") + DEAD_LETTER_SUFFIX;
    }
}
