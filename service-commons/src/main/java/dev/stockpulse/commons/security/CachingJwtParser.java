package dev.stockpulse.commons.security;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies a bearer token once and accepts the same token again from memory ({@link VerifiedTokens}) until the
 * verifier would refuse it. A client sends the same token on every request, and checking its RSA signature each
 * time was 12 % of inventory-service's CPU at 300 adjustments/s. Decorates smallrye-jwt's {@link JWTParser}, which
 * every verification goes through: the extension's identity provider for REST calls and WebSocket upgrades, and the
 * gateway's in-band token refresh. Only {@link #parse(String)} with the service's own settings is cached; a token that
 * fails is never remembered, and a changed token is another key, verified as usual.
 */
@Decorator
@Priority(1)
public abstract class CachingJwtParser implements JWTParser {

    private final JWTParser delegate;
    private final VerifiedTokens verified;
    private final Counter hits;
    private final Counter misses;

    @Inject
    CachingJwtParser(@Delegate JWTParser delegate, TokenCacheConfig config, JWTAuthContextInfo verification,
            MeterRegistry metrics) {
        this.delegate = delegate;
        if (!config.enabled()) {
            this.verified = null;
            this.hits = null;
            this.misses = null;
            return;
        }
        // smallrye-jwt lets the expiry grace period replace the clock skew when both are set.
        int skew = verification.getExpGracePeriodSecs() > 0 ? verification.getExpGracePeriodSecs()
                : Math.max(verification.getClockSkew(), 0);
        this.verified = new VerifiedTokens(config.maxSize(), config.maxAge().toMillis(), skew, verification.getTokenAge());
        this.hits = Counter.builder("stockpulse.token.cache.hits")
                .description("Bearer tokens accepted from memory, without verifying their signature again")
                .register(metrics);
        this.misses = Counter.builder("stockpulse.token.cache.misses")
                .description("Bearer tokens verified in full: first seen, expired, forgotten, or refused")
                .register(metrics);
        Gauge.builder("stockpulse.token.cache.size", verified, VerifiedTokens::size)
                .description("Verified bearer tokens held in memory").register(metrics);
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        if (verified == null) {
            return delegate.parse(token);
        }
        JsonWebToken jwt = verified.find(token, System.currentTimeMillis());
        if (jwt != null) {
            hits.increment();
            return jwt;
        }
        misses.increment();
        jwt = delegate.parse(token);
        verified.remember(token, jwt, System.currentTimeMillis());
        return jwt;
    }
}
