package dev.stockpulse.commons.rest;

/**
 * The free-form request headers the services read, and the most each may hold: what the narrowest column it reaches
 * stores, so that a longer one is a 400 naming the header instead of a database error later (the correlation id
 * travels with the order to inventory-service's consumer, where a partition would wait behind it).
 */
public final class RequestHeaders {

    public static final String CORRELATION_ID = "X-Correlation-Id";
    /** inventory's ledger ({@code stock_movement.correlation_id}) holds 128; sales' orders hold 200. */
    public static final int CORRELATION_ID_MAX_LENGTH = 128;

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** inventory's {@code idempotency_key.key} holds 200; sales' holds {@code <user>/<key>} in 400. */
    public static final int IDEMPOTENCY_KEY_MAX_LENGTH = 200;

    private RequestHeaders() {
    }
}
