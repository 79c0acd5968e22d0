package dev.stockpulse.sales.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrostonForecastTest {

    @Test
    void recursionByHand() {
        // First sale 4 on day 3 (interval 3); next 2 after 4 days: size 3.8, interval 3.1.
        double[] history = {0, 0, 4, 0, 0, 0, 2};

        Fit fit = Fit.run("croston", Map.of(), Fit.Errors.RELATIVE, history, 3, Croston.recursion(history, 0.1), 2);

        assertThat(fit.paths()[0][0]).isCloseTo(0.95 * 4 / 3, within(1e-12));
        assertThat(fit.point()[0]).isCloseTo(0.95 * 3.8 / 3.1, within(1e-12));
        assertThat(fit.point()[1]).isEqualTo(fit.point()[0]);
    }

    @Test
    void aSingleSale() {
        double[] history = new double[30];
        history[9] = 6;

        Fit fit = new Croston().fit(history, 5);

        // Nothing after the sale to update on: size 6 over the 10 days to it, SBA-corrected.
        assertThat(fit.point()[0]).isCloseTo((1 - fit.parameters().get("alpha") / 2) * 6 / 10, within(1e-12));
        assertThat(Arrays.stream(fit.forecast(0.8).lower())).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0));
    }

    @Test
    void needsASale() {
        assertThat(new Croston().fits(new double[20])).isFalse();
    }
}
