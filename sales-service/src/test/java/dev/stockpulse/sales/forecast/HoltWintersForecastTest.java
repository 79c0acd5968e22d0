package dev.stockpulse.sales.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HoltWintersForecastTest {

    @Test
    void recursionByHand() {
        // Season 2. Start: first mean 2, second 3, trend 0.5, level 2.25, profile -0.75, 0.75.
        double[] history = {1, 3, 2, 4};
        Recursion recursion = HoltWinters.recursion(history, 2, 0.5, 0.1, 0.2, 0.9);

        Fit fit = Fit.run("hw", Map.of(), Fit.Errors.ADDITIVE, history, 2, recursion, 3);

        // From the start: 2.25 + 0.9 * 0.5 - 0.75.
        assertThat(fit.paths()[0][0]).isCloseTo(1.95, within(1e-12));
        // After 2 (error 0.05): level 2.725, trend 0.455, profile[0] -0.74.
        assertThat(fit.paths()[1][0]).isCloseTo(3.8845, within(1e-12));
        // After 4 (error 0.1155): level 3.19225, trend 0.42105, profile[1] 0.7731.
        assertThat(fit.paths()[2][0]).isCloseTo(2.831195, within(1e-12));
        assertThat(fit.paths()[2][1]).isCloseTo(4.6853455, within(1e-12));
        assertThat(fit.paths()[2][2]).isCloseTo(3.47919095, within(1e-12));
    }

    @Test
    void fittedToAnExactPatternForecastsIt() {
        double[] week = {3, 5, 7, 9, 11, 20, 1};
        double[] history = new double[70];
        for (int t = 0; t < history.length; t++) {
            history[t] = 30 + week[t % 7];
        }

        Fit fit = new HoltWinters(7).fit(history, 14);

        for (int h = 0; h < 14; h++) {
            assertThat(fit.point()[h]).isCloseTo(30 + week[(70 + h) % 7], within(0.05));
        }
        assertThat(fit.parameters().get("phi")).isBetween(0.8, 0.98);
    }

    @Test
    void needsTwoSeasons() {
        assertThat(new HoltWinters(7).fits(new double[13])).isFalse();
        assertThat(new HoltWinters(7).fits(new double[14])).isTrue();
    }
}
