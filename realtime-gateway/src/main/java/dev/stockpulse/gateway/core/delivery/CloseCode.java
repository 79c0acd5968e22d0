package dev.stockpulse.gateway.core.delivery;

/**
 * Why the gateway closes a connection: the WebSocket close code and reason clients see. Clients switch on the code,
 * so the numbers are part of the protocol; the README lists them.
 */
public enum CloseCode {
    /** The gateway is shutting down; reconnect (to another instance) with your last position. */
    GOING_AWAY(1001, "gateway shutting down"),
    /** A client message longer than {@code gateway.limits.max-message-chars}. */
    MESSAGE_TOO_BIG(1009, "message too big"),
    /** The token expired; get a fresh one and reconnect, or send {@code auth} before it expires. */
    TOKEN_EXPIRED(4001, "token expired"),
    /** The client did not read its frames fast enough and its outbound buffer filled up. */
    SLOW_CONSUMER(4008, "too slow to read"),
    /** The user already has as many connections as allowed. */
    TOO_MANY_CONNECTIONS(4009, "too many connections for this user"),
    /** The client answered no ping for too long. */
    PING_TIMEOUT(4010, "ping timeout"),
    /** The client sent more actions than the rate limit allows. */
    RATE_LIMITED(4029, "too many messages");

    private final int code;
    private final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
