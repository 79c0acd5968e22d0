package dev.stockpulse.sales.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ForecasterTest {

    private final Forecaster forecaster = new Forecaster(Forecaster.DEFAULT_HORIZON, Forecaster.DEFAULT_LEVEL);

    @Test
    void allZerosForecastsZeroWithAZeroInterval() {
        Forecast forecast = forecaster.forecast(new double[90]);

        assertThat(forecast.method()).isEqualTo(Forecaster.NO_DEMAND);
        assertThat(forecast.point()).hasSize(28).containsOnly(0);
        assertThat(forecast.lower()).containsOnly(0);
        assertThat(forecast.upper()).containsOnly(0);
    }

    @Test
    void aSingleSaleIsIntermittentAndForecastSmallButPositive() {
        double[] history = new double[90];
        history[40] = 5;

        Forecast forecast = forecaster.forecast(history);

        assertThat(forecast.method()).isIn(Croston.NAME, Tsb.NAME, SeasonalNaive.NAME);
        assertThat(Arrays.stream(forecast.point())).allSatisfy(v -> assertThat(v).isBetween(0.0, 5.0 / 41));
        assertThat(Arrays.stream(forecast.lower())).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0));
    }

    @Test
    void shorterThanAWeekFallsBackToTsb() {
        Forecast forecast = forecaster.forecast(new double[] {3, 4, 2, 5, 3});

        assertThat(forecast.method()).isEqualTo(Tsb.NAME);
        assertThat(forecast.point()).hasSize(28);
        assertThat(Arrays.stream(forecast.point())).allSatisfy(v -> assertThat(v).isBetween(2.0, 5.0));
        assertThat(Arrays.stream(forecast.lower())).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0));
    }

    @Test
    void tooShortToHoldOutUsesTheFamilysFirstMethod() {
        double[] history = new double[20];
        for (int t = 0; t < history.length; t++) {
            history[t] = 10 + t % 7;
        }

        assertThat(forecaster.forecast(history).method()).isEqualTo(HoltWinters.NAME);
    }

    @Test
    void oneDayOfHistory() {
        Forecast forecast = forecaster.forecast(new double[] {4});

        assertThat(forecast.point()).containsOnly(4);
        assertThat(forecast.lower()).containsOnly(4);
        assertThat(forecast.upper()).containsOnly(4);
    }

    @Test
    void horizonIsConfigurable() {
        double[] history = new DemandGenerator(DemandGenerator.SEED).seasonalTrend();

        Forecast forecast = new Forecaster(10, 0.95).forecast(history);

        assertThat(forecast.point()).hasSize(10);
        assertThat(forecast.level()).isEqualTo(0.95);
    }

    @Test
    void refusesWhatIsNotDemand() {
        assertThatThrownBy(() -> forecaster.forecast(new double[] {1, -1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("history[1] is -1.0");
        assertThatThrownBy(() -> forecaster.forecast(new double[] {1, 2, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("history[2] is NaN");
        assertThatThrownBy(() -> forecaster.forecast(new double[] {Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("history[0]");
        assertThatThrownBy(() -> forecaster.forecast(new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("history");
        assertThatThrownBy(() -> new Forecaster(0, 0.8)).hasMessageContaining("horizon");
        assertThatThrownBy(() -> new Forecaster(28, 1)).hasMessageContaining("level");
    }

    @Test
    void selectionPicksTheFamilyOfTheStructure() {
        DemandGenerator generator = new DemandGenerator(DemandGenerator.SEED);

        assertThat(forecaster.forecast(generator.seasonalTrend()).method()).isEqualTo(HoltWinters.NAME);
        assertThat(forecaster.forecast(generator.promotions()).method()).isEqualTo(HoltWinters.NAME);
        assertThat(forecaster.forecast(generator.intermittent()).method()).isIn(Croston.NAME, Tsb.NAME);
    }

    @Test
    void intervalsBoundThePointAndStayAtOrAboveZero() {
        Forecast forecast = forecaster.forecast(new DemandGenerator(DemandGenerator.SEED).intermittent());

        for (int d = 0; d < 28; d++) {
            assertThat(forecast.lower()[d]).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(forecast.point()[d]);
            assertThat(forecast.upper()[d]).isGreaterThan(forecast.point()[d]);
        }
    }
}
