package dev.stockpulse.gateway.core.access;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may connect. Browsers always send {@code Origin} on a WebSocket upgrade and on a
 * cross-origin EventSource; other clients usually send none, and are allowed: an origin check protects browsers'
 * users, it does not authenticate (the token does).
 */
public final class OriginPolicy {

    private final boolean any;
    private final Set<String> allowed;

    public OriginPolicy(List<String> allowedOrigins) {
        this.any = allowedOrigins.contains("*");
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    public boolean allows(String origin) {
        return origin == null || any || allowed.contains(normalize(origin));
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
