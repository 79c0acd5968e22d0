package dev.stockpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The benches' comma-separated options, as EndToEndBench and GatewayBench read them. */
class BenchOptionsTest {

    @Test
    void aListIsParsedInOrderAndBlanksAreSkipped() {
        assertThat(EndToEndOptions.parse(new String[] {"--rates=100,500,,1000", "--pgbench-rates=0,500",
                "--pgbench-clients=8"}))
                .satisfies(o -> {
                    assertThat(o.rates).containsExactly(100.0, 500.0, 1000.0);
                    assertThat(o.pgbenchRates).containsExactly(0, 500);
                    assertThat(o.pgbenchClients).containsExactly(8);
                });
    }

    @Test
    void aValueOutOfRangeOrNoValueIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> EndToEndOptions.parse(new String[] {"--rates=100,0"}))
                .hasMessage("--rates: each value is > 0, got 0");
        assertThatThrownBy(() -> EndToEndOptions.parse(new String[] {"--pgbench-rates=-1"}))
                .hasMessage("--pgbench-rates: each value is >= 0 (0 = as fast as it goes), got -1");
        assertThatThrownBy(() -> EndToEndOptions.parse(new String[] {"--pgbench-clients=,"}))
                .hasMessage("--pgbench-clients needs at least one value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rates=-5"}))
                .hasMessage("--rates: each value is >= 0, got -5");
    }
}
