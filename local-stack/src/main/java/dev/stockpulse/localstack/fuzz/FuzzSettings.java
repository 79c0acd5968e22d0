package dev.stockpulse.localstack.fuzz;

import java.time.Duration;

/**
 * The knobs of every fuzz suite, as system properties, so that a failure found on one run can be replayed: the seed
 * is printed at the start of each suite, and {@code -Dstockpulse.fuzz.seed=<seed>} runs exactly the same inputs again.
 *
 * @param seed the one source of every generated input ({@code stockpulse.fuzz.seed})
 * @param scale multiplies each suite's input count ({@code stockpulse.fuzz.scale}, default 1; 10 for a long run)
 * @param deadline each suite stops generating after this long even if its count is not reached
 *        ({@code stockpulse.fuzz.deadline}, seconds, default 150)
 */
public record FuzzSettings(long seed, double scale, Duration deadline) {

    /** The default seed: fixed, so {@code verify} is repeatable. */
    public static final long DEFAULT_SEED = 20261204L;

    public static FuzzSettings fromSystemProperties() {
        return new FuzzSettings(Long.getLong("stockpulse.fuzz.seed", DEFAULT_SEED),
                Double.parseDouble(System.getProperty("stockpulse.fuzz.scale", "1")),
                Duration.ofSeconds(Long.getLong("stockpulse.fuzz.deadline", 150)));
    }

    /** {@code count} scaled, at least 1. */
    public int count(int count) {
        return Math.max(1, (int) Math.round(count * scale));
    }
}
