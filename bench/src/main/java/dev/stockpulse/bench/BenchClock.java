package dev.stockpulse.bench;

/**
 * Wall-clock microseconds with nanoTime resolution. The producer and the clients run in this JVM, so the send time
 * embedded in an event and the receive time of its frame come from the same clock: no skew between machines.
 */
final class BenchClock {

    private static final long EPOCH_MICROS_AT_START = System.currentTimeMillis() * 1000;
    private static final long NANOS_AT_START = System.nanoTime();

    private BenchClock() {
    }

    static long micros() {
        return EPOCH_MICROS_AT_START + (System.nanoTime() - NANOS_AT_START) / 1000;
    }
}
