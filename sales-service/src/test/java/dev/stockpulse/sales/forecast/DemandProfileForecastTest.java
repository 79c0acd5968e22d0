package dev.stockpulse.sales.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stockpulse.sales.forecast.DemandProfile.Kind;
import org.junit.jupiter.api.Test;

class DemandProfileForecastTest {

    @Test
    void syntetosBoylanQuadrants() {
        assertThat(DemandProfile.of(new double[] {5, 6, 5, 6, 5, 6}).kind()).isEqualTo(Kind.SMOOTH);
        assertThat(DemandProfile.of(new double[] {1, 20, 1, 20, 1, 20}).kind()).isEqualTo(Kind.ERRATIC);
        assertThat(DemandProfile.of(new double[] {3, 0, 0, 3, 0, 0}).kind()).isEqualTo(Kind.INTERMITTENT);
        assertThat(DemandProfile.of(new double[] {1, 0, 0, 20, 0, 0}).kind()).isEqualTo(Kind.LUMPY);
        assertThat(DemandProfile.of(new double[] {0, 0, 0}).kind()).isEqualTo(Kind.NONE);
    }

    @Test
    void adiAndCv2ByHand() {
        // Sales 3 and 9 in six days from the first: ADI 3; mean 6, variance 9, CV² 0.25.
        DemandProfile profile = DemandProfile.of(new double[] {0, 0, 3, 0, 0, 9, 0, 0});

        assertThat(profile.adi()).isCloseTo(3, within(1e-12));
        assertThat(profile.cv2()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void atTheCutOffsTheFewAndTheVariedSide() {
        // ADI exactly 1.32: 25 sales in 33 days.
        double[] history = new double[33];
        for (int t = 0; t < 25; t++) {
            history[t] = 4;
        }
        assertThat(DemandProfile.of(history).kind()).isEqualTo(Kind.INTERMITTENT);
        history[32] = 4;
        assertThat(DemandProfile.of(history).kind()).isEqualTo(Kind.SMOOTH);
    }

    @Test
    void daysBeforeTheFirstSaleDoNotCount() {
        double[] launchedLate = new double[40];
        for (int t = 30; t < 40; t++) {
            launchedLate[t] = 5;
        }

        assertThat(DemandProfile.of(launchedLate).adi()).isEqualTo(1);
        assertThat(DemandProfile.of(launchedLate).kind()).isEqualTo(Kind.SMOOTH);
    }
}
