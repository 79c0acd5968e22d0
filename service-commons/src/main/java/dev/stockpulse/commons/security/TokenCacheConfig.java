package dev.stockpulse.commons.security;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How verified bearer tokens are remembered ({@link CachingJwtParser}): {@code stockpulse.security.token-cache.*}
 * (environment: {@code STOCKPULSE_SECURITY_TOKEN_CACHE_*}).
 */
@ConfigMapping(prefix = "stockpulse.security.token-cache")
public interface TokenCacheConfig {

    /** Whether a token verified once is accepted again from memory, without its signature being checked again. */
    @WithDefault("true")
    boolean enabled();

    /** Most tokens remembered; past it the least recently used is forgotten. */
    @WithDefault("10000")
    int maxSize();

    /**
     * Longest a verification is reused, however far the token's expiry: how long tokens of a signing key withdrawn
     * from the verification key set keep being accepted.
     */
    @WithDefault("5m")
    Duration maxAge();
}
