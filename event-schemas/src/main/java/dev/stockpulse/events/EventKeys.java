package dev.stockpulse.events;

/**
 * Kafka record keys: {@code tenant_id:aggregate_id}, where the aggregate is a product or an order, so that all
 * events of one aggregate land on one partition and stay in order.
 */
public final class EventKeys {

    private static final char SEPARATOR = ':';

    private EventKeys() {
    }

    /** The aggregate id may itself contain ':'; only the first one separates, which is why the tenant may not. */
    public static String of(String tenantId, String aggregateId) {
        Checks.tenantId(tenantId, "tenant_id");
        Checks.requiredText(aggregateId, "aggregate_id");
        return tenantId + SEPARATOR + aggregateId;
    }

    public static String tenantOf(String key) {
        int separator = Checks.requiredText(key, "key").indexOf(SEPARATOR);
        if (separator < 0) {
            throw new IllegalArgumentException("key must look like 'tenant:aggregate', was '" + key + "'");
        }
        return Checks.requiredText(key.substring(0, separator), "tenant_id");
    }
}
