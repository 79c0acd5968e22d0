package dev.stockpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The machine's yardstick: a loopback round trip and a compute step, measured for real on this machine. */
class MachineYardstickTest {

    @Test
    void measuresRoundTripsAndTheirCpuAndAComputeStep() {
        MachineYardstick.Reading r = MachineYardstick.measure(Duration.ofMillis(100));

        assertThat(r.roundTrips()).isPositive();
        // A loopback round trip takes microseconds to a few milliseconds on a loaded machine, never nothing.
        assertThat(r.roundTripP50Micros()).isGreaterThan(0.5).isLessThan(100_000);
        assertThat(r.roundTripMeanMicros()).isGreaterThan(0.5).isLessThan(100_000);
        // Two writes, two reads and two wake-ups cost both threads some CPU; the echo thread's is counted too.
        assertThat(r.roundTripCpuMicros()).isGreaterThan(0);
        assertThat(r.computeNanos()).isGreaterThan(0.01).isLessThan(1_000);
        assertThat(r.toString()).contains("loopback TCP round trip p50").contains("ns per xorshift step");
    }

    @Test
    void theStartReadingIsTakenOnceAndShownAgain() {
        assertThat(MachineYardstick.atStart()).isSameAs(MachineYardstick.atStart());
        assertThat(GatewayBench.Machine.describe()).contains("at the start: " + MachineYardstick.atStart())
                .as("Linux says whether it isolates its page tables").contains("page-table isolation");
    }

    @Test
    void saysWhetherSystemCallsFlushTheTlb() {
        String flags = "flags\t\t: fpu vme de pse tsc msr pae";
        assertThat(MachineYardstick.pageTableIsolation("Mitigation: PTI", flags))
                .isEqualTo("kernel page-table isolation without PCID (each system call flushes the TLB)");
        assertThat(MachineYardstick.pageTableIsolation("Mitigation: PTI", flags + " pcid invpcid"))
                .isEqualTo("kernel page-table isolation with PCID");
        // "pcid" must be a flag of its own, not a part of another ("invpcid" alone does not make PCID usable).
        assertThat(MachineYardstick.pageTableIsolation("Mitigation: PTI", flags + " invpcid_single"))
                .contains("without PCID");
        assertThat(MachineYardstick.pageTableIsolation("Not affected", flags))
                .isEqualTo("no kernel page-table isolation");
    }

    @Test
    void theComputeStepIsMarsagliasXorshift() {
        // x ^= x << 13; x ^= x >>> 7; x ^= x << 17, from 1: 8193, then 8257, then 8257 ^ (8257 << 17)
        assertThat(MachineYardstick.xorshift(1, 1)).isEqualTo(8257L ^ (8257L << 17));
        assertThat(MachineYardstick.xorshift(1, 0)).isEqualTo(1);
    }
}
