package dev.stockpulse.sales.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TsbForecastTest {

    @Test
    void recursionByHand() {
        // Start: size 4, probability 1/2; no sale: 0.4; sale of 2: probability 0.52, size 3.
        double[] history = {0, 4, 0, 2};

        Fit fit = Fit.run("tsb", Map.of(), Fit.Errors.RELATIVE, history, 2, Tsb.recursion(history, 0.5, 0.2), 1);

        assertThat(fit.paths()[0][0]).isCloseTo(2, within(1e-12));
        assertThat(fit.paths()[1][0]).isCloseTo(1.6, within(1e-12));
        assertThat(fit.point()[0]).isCloseTo(1.56, within(1e-12));
    }

    @Test
    void decaysWhenTheProductStopsSellingWhereCrostonDoesNot() {
        double[] history = new double[60];
        for (int t = 0; t < 40; t += 2) {
            history[t] = 3;
        }

        double tsb = Fit.run("tsb", Map.of(), Fit.Errors.RELATIVE, history, 1, Tsb.recursion(history, 0.1, 0.1), 1)
                .point()[0];
        double croston = Fit.run("croston", Map.of(), Fit.Errors.RELATIVE, history, 1,
                Croston.recursion(history, 0.1), 1).point()[0];

        // Twenty days without a sale: the probability fell from about 1/2 by 0.9^20.
        assertThat(tsb).isLessThan(0.2);
        assertThat(croston).isGreaterThan(1.3);
    }
}
