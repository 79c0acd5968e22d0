package dev.stockpulse.gateway.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The per-connection pacing on its own, with a window of 1,000 time units and explicit times. */
class WritePacingTest {

    private static final long WINDOW = 1_000;

    private final WritePacing pacing = new WritePacing(WINDOW);

    @Test
    void withoutAWindowNothingIsEverHeld() {
        WritePacing none = new WritePacing(0);
        long gap = none.initialGap();
        for (long t = 1; t < 100; t++) {
            gap = none.nextGap(gap, 0);
            assertThat(none.busy(gap)).isFalse();
            assertThat(none.dueAt(gap, t)).isEqualTo(t);
        }
    }

    @Test
    void aNewConnectionIsQuietSoItsFirstEventGoesAtOnce() {
        assertThat(pacing.busy(pacing.initialGap())).isFalse();
        assertThat(pacing.dueAt(pacing.initialGap(), 5_000)).isEqualTo(5_000);
    }

    @Test
    void eventsAtOnePerHalfWindowOrFewerAreNeverHeld() {
        for (long every : new long[] {WINDOW / 2 + 1, WINDOW, 3 * WINDOW, 100 * WINDOW}) {
            long gap = pacing.initialGap();
            for (int k = 1; k <= 1_000; k++) {
                gap = pacing.nextGap(gap, every);
                assertThat(pacing.dueAt(gap, k * every)).as("every %d, event %d", every, k).isEqualTo(k * every);
            }
        }
    }

    @Test
    void aSteadyFasterRateMakesTheConnectionBusyWithinAFewEvents() {
        long gap = pacing.initialGap();
        int events = 0;
        while (!pacing.busy(gap)) {
            gap = pacing.nextGap(gap, WINDOW / 4);
            events++;
        }
        assertThat(events).isBetween(2, 10);
    }

    @Test
    void aBusyConnectionsEventWaitsAtMostTwiceItsGapAndNeverLongerThanTheWindow() {
        for (long every : new long[] {1, 10, WINDOW / 4, WINDOW / 2}) {
            long gap = pacing.initialGap();
            for (int k = 0; k < 100; k++) {
                gap = pacing.nextGap(gap, every);
            }
            assertThat(pacing.busy(gap)).as("every %d", every).isTrue();
            long wait = pacing.dueAt(gap, 0);
            assertThat(wait).as("every %d", every).isLessThanOrEqualTo(Math.min(WINDOW, 2 * every + 1));
            assertThat(wait).as("every %d: held at all", every).isGreaterThanOrEqualTo(Math.min(WINDOW, every));
        }
    }

    @Test
    void oneQuietSpellMakesABusyConnectionQuietAgain() {
        long gap = pacing.initialGap();
        for (int k = 0; k < 100; k++) {
            gap = pacing.nextGap(gap, WINDOW / 10);
        }
        assertThat(pacing.busy(gap)).isTrue();
        gap = pacing.nextGap(gap, 50 * WINDOW);
        assertThat(pacing.busy(gap)).isFalse();
        assertThat(pacing.dueAt(gap, 7)).isEqualTo(7);
    }

    @Test
    void randomGapsNeverGiveAWaitBeyondTheWindowOrANegativeGap() {
        Random random = new Random(20);
        long gap = pacing.initialGap();
        for (int k = 0; k < 100_000; k++) {
            long since = random.nextInt(4) == 0 ? random.nextLong(Long.MAX_VALUE / 2) : random.nextInt((int) WINDOW);
            gap = pacing.nextGap(gap, since);
            assertThat(gap).isBetween(0L, 2 * WINDOW);
            assertThat(pacing.dueAt(gap, 1_000_000) - 1_000_000).isBetween(0L, WINDOW);
        }
    }
}
