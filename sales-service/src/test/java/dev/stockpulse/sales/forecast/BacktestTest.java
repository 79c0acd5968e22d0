package dev.stockpulse.sales.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stockpulse.sales.forecast.Backtest.Score;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The accuracy table of the README: every method on every kind of generated series, rolling origin from day 224
 * every week, 28 days ahead, 80% intervals. Prints the table (Markdown) and checks the structure is found.
 */
class BacktestTest {

    static final int FIRST_ORIGIN = 224;
    static final int STEP = 7;
    static final int HORIZON = 28;
    static final double LEVEL = 0.8;
    static final String SELECTED = "selected";

    private static final Map<String, Map<String, Score>> TABLE = new LinkedHashMap<>();

    @BeforeAll
    static void runBacktests() {
        DemandGenerator generator = new DemandGenerator(DemandGenerator.SEED);
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("seasonal + trend", generator.seasonalTrend());
        series.put("promotions, outliers", generator.promotions());
        series.put("intermittent", generator.intermittent());
        series.put("obsolete", generator.obsolete());

        Map<String, Function<double[], Forecast>> methods = new LinkedHashMap<>();
        for (ForecastMethod method : List.of(new SeasonalNaive(Forecaster.WEEK), new HoltWinters(Forecaster.WEEK),
                new Croston(), new Tsb())) {
            methods.put(method.name(), history -> method.fit(history, HORIZON).forecast(LEVEL));
        }
        Forecaster forecaster = new Forecaster(HORIZON, LEVEL);
        methods.put(SELECTED, forecaster::forecast);

        series.forEach((kind, demand) -> {
            Map<String, Score> row = new LinkedHashMap<>();
            methods.forEach((name, forecast) -> row.put(name,
                    Backtest.run(name, demand, FIRST_ORIGIN, STEP, HORIZON, forecast)));
            TABLE.put(kind, row);
        });
        System.out.println(markdown());
    }

    static String markdown() {
        List<String> lines = new ArrayList<>();
        lines.add("| series | method | MASE | RMSSE | bias (units/day) | bias % | 80% interval coverage |");
        lines.add("|---|---|---|---|---|---|---|");
        TABLE.forEach((kind, row) -> row.values().forEach(s -> lines.add(String.format(Locale.ROOT,
                "| %s | %s | %.3f | %.3f | %+.2f | %+.1f%% | %.0f%% |", kind, s.method(), s.mase(), s.rmsse(),
                s.bias(), s.biasPercent(), 100 * s.coverage()))));
        return String.join("\n", lines);
    }

    private static Score score(String kind, String method) {
        return TABLE.get(kind).get(method);
    }

    @Test
    void holtWintersFindsTrendAndSeason() {
        Score hw = score("seasonal + trend", HoltWinters.NAME);
        Score naive = score("seasonal + trend", SeasonalNaive.NAME);

        assertThat(hw.mase()).isLessThan(1).isLessThan(naive.mase());
        assertThat(hw.rmsse()).isLessThan(naive.rmsse());
        assertThat(Math.abs(hw.biasPercent())).isLessThan(5);
    }

    @Test
    void crostonAndTsbBeatSeasonalNaiveOnIntermittentDemand() {
        Score naive = score("intermittent", SeasonalNaive.NAME);

        for (String method : List.of(Croston.NAME, Tsb.NAME)) {
            assertThat(score("intermittent", method).mase()).as(method).isLessThan(naive.mase());
            assertThat(score("intermittent", method).rmsse()).as(method).isLessThan(naive.rmsse());
        }
    }

    @Test
    void tsbFollowsAProductGoingObsoleteBetterThanCroston() {
        Score tsb = score("obsolete", Tsb.NAME);
        Score croston = score("obsolete", Croston.NAME);

        assertThat(tsb.rmsse()).isLessThan(croston.rmsse());
        assertThat(tsb.bias()).isLessThan(croston.bias());
    }

    @Test
    void selectionIsAtLeastAsGoodAsTheBenchmarkInSquaredError() {
        TABLE.forEach((kind, row) -> assertThat(row.get(SELECTED).rmsse()).as(kind)
                .isLessThanOrEqualTo(row.get(SeasonalNaive.NAME).rmsse()));
    }

    @Test
    void intervalsCoverAboutTheirNominalShare() {
        for (String kind : List.of("seasonal + trend", "intermittent")) {
            assertThat(score(kind, SELECTED).coverage()).as(kind).isBetween(LEVEL - 0.08, LEVEL + 0.08);
        }
    }

    @Test
    void theGeneratorIsDeterministic() {
        assertThat(new DemandGenerator(DemandGenerator.SEED).seasonalTrend())
                .containsExactly(new DemandGenerator(DemandGenerator.SEED).seasonalTrend());
    }
}
