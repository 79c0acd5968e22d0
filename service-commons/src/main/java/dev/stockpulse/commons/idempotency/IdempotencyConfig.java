package dev.stockpulse.commons.idempotency;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/** How long a service remembers {@code Idempotency-Key}s; each service maps it under its own prefix. */
public interface IdempotencyConfig {

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
