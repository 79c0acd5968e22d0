package dev.stockpulse.gateway.core.room;

/**
 * A token bucket for one connection's actions: {@code burst} at once, refilled at {@code perSecond}. Used from the
 * connection's own message handler only, which websockets-next calls one message at a time.
 */
public final class RateLimiter {

    /** What every connection's bucket is made of; its bucket is made at its first action (most never act). */
    public record Settings(double perSecond, int burst) {
    }

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    public RateLimiter(double perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1_000_000_000d;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    public synchronized boolean tryAcquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
