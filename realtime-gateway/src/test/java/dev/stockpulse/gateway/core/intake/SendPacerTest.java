package dev.stockpulse.gateway.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pacing of sends, with a window of 100 time units and explicit times. */
class SendPacerTest {

    private static final long WINDOW = 100;

    @Test
    void withoutAWindowNothingWaits() {
        SendPacer pacer = new SendPacer(0, 0);
        for (long t = 0; t < 10; t++) {
            assertThat(pacer.waitNanos(t)).isZero();
            pacer.sent(t);
        }
    }

    @Test
    void aSendAfterAQuietSpellGoesAtOnceAndOneRightAfterWaitsHalfAWindow() {
        SendPacer pacer = new SendPacer(WINDOW, 0);
        assertThat(pacer.waitNanos(1_000)).isZero();
        pacer.sent(1_000);
        assertThat(pacer.waitNanos(1_000)).isEqualTo(50);
        assertThat(pacer.waitNanos(1_020)).isEqualTo(30);
        assertThat(pacer.waitNanos(1_050)).isZero();
    }

    @Test
    void aSteadyRhythmOfOneEventPerWindowNeverWaitsDespiteJitterOfAFifthOfAWindow() {
        SendPacer pacer = new SendPacer(WINDOW, 0);
        for (int k = 1; k <= 1_000; k++) {
            long arrival = k * WINDOW + (k % 2 == 0 ? 20 : -20);
            assertThat(pacer.waitNanos(arrival)).as("event %d", k).isZero();
            pacer.sent(arrival);
        }
    }

    @Test
    void underSustainedLoadSendsAreAtMostOnePerWindowAndNoEventWaitsLongerThanAWindow() {
        SendPacer pacer = new SendPacer(WINDOW, 0);
        long end = 100 * WINDOW;
        long waitingSince = -1;
        long longestWait = 0;
        int sends = 0;
        for (long t = 0; t < end; t++) {
            if (t % 30 == 0 && waitingSince < 0) {
                waitingSince = t;
            }
            if (waitingSince >= 0 && pacer.waitNanos(t) == 0) {
                pacer.sent(t);
                sends++;
                longestWait = Math.max(longestWait, t - waitingSince);
                waitingSince = -1;
            }
        }
        assertThat(sends).isLessThanOrEqualTo((int) (end / WINDOW) + 1);
        assertThat(sends).isGreaterThanOrEqualTo((int) (end / WINDOW) - 1);
        assertThat(longestWait).isLessThanOrEqualTo(WINDOW);
    }
}
