package dev.stockpulse.gateway.protocol;

import java.util.Locale;

/** The {@code code} of an error frame; clients switch on it, so the names are part of the protocol. */
public enum ErrorCode {
    /** Not JSON, not an object, a required field missing, or a {@code since} that is not a position. */
    BAD_REQUEST,
    /** An {@code action} the gateway does not know. */
    UNKNOWN_ACTION,
    /** A channel name the gateway does not know, in {@code ?channels=} or a (un)subscribe. */
    UNKNOWN_CHANNEL,
    /** The action is not allowed for this user (admins only, or another user's token in {@code auth}). */
    FORBIDDEN,
    /** The token sent with {@code auth} is not valid (bad signature, expired, wrong issuer). */
    INVALID_TOKEN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
