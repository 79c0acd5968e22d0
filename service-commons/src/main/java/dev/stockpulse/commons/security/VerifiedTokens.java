package dev.stockpulse.commons.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tokens whose signature and claims were verified, by their whole raw text, each until the first instant the verifier
 * would refuse it: its expiry plus the allowed clock skew, the end of its allowed age since issue, or {@code maxAge}
 * after it was verified, whichever comes first. Bounded: past {@code maxSize} the least recently used token is
 * forgotten. A token that is not found, or no longer valid, is verified again by the caller, so it is refused exactly
 * as it would be without this cache.
 */
public final class VerifiedTokens {

    private final int maxSize;
    private final long maxAgeMillis;
    private final long clockSkewSeconds;
    private final Long tokenAgeSeconds;
    private final LinkedHashMap<String, Entry> entries;

    /**
     * @param clockSkewSeconds how long after its {@code exp} the verifier still accepts a token
     * @param tokenAgeSeconds  how long after its {@code iat} the verifier accepts a token, {@code null} if unbounded
     */
    public VerifiedTokens(int maxSize, long maxAgeMillis, long clockSkewSeconds, Long tokenAgeSeconds) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("max-size must be at least 1: " + maxSize);
        }
        this.maxSize = maxSize;
        this.maxAgeMillis = maxAgeMillis;
        this.clockSkewSeconds = clockSkewSeconds;
        this.tokenAgeSeconds = tokenAgeSeconds;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > VerifiedTokens.this.maxSize;
            }
        };
    }

    /** The verified token, or {@code null} if it was not verified or is no longer valid at {@code nowMillis}. */
    public synchronized JsonWebToken find(String token, long nowMillis) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (nowMillis >= entry.validUntilMillis) {
            entries.remove(token);
            return null;
        }
        return entry.jwt;
    }

    /** Remembers a token the verifier has just accepted at {@code nowMillis}. */
    public void remember(String token, JsonWebToken jwt, long nowMillis) {
        long validUntil = validUntil(jwt, nowMillis);
        if (validUntil <= nowMillis) {
            return;
        }
        synchronized (this) {
            entries.put(token, new Entry(jwt, validUntil));
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    /**
     * The verifier (jose4j, as smallrye-jwt sets it up) accepts while {@code nowSeconds - skew < exp} and, with a
     * token age, while {@code nowSeconds - iat <= age}, in whole seconds ({@code nowMillis / 1000}).
     */
    private long validUntil(JsonWebToken jwt, long nowMillis) {
        // smallrye-jwt requires exp (and iat when a token age is set), so both are there.
        long until = Math.min((jwt.getExpirationTime() + clockSkewSeconds) * 1000L, nowMillis + maxAgeMillis);
        if (tokenAgeSeconds != null) {
            until = Math.min(until, (jwt.getIssuedAtTime() + tokenAgeSeconds + 1) * 1000L);
        }
        return until;
    }

    private record Entry(JsonWebToken jwt, long validUntilMillis) {
    }
}
