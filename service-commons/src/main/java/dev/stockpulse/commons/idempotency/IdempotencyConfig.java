package dev.stockpulse.commons.idempotency;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long a service remembers {@code Idempotency-Key}s: {@code stockpulse.idempotency.*} (environment:
 * {@code STOCKPULSE_IDEMPOTENCY_*}).
 */
@ConfigMapping(prefix = "stockpulse.idempotency")
public interface IdempotencyConfig {

    /**
     * Whether the service has an {@code idempotency_key} table whose keys {@link IdempotencyKeyExpiry} expires; read
     * at build time, so it is set in application.properties, not the environment.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * How long a key is remembered after its first use: a repeat within this time answers the first answer, a
     * repeat after it is a new request. Clients retry within seconds or minutes; a day covers a retry after an outage.
     */
    @WithDefault("24h")
    Duration retention();

    /** How often keys past their retention are deleted. */
    @WithDefault("15m")
    Duration cleanupInterval();
}
