package dev.stockpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.stockpulse.bench.WriteFloorBench.FloorRun;
import dev.stockpulse.bench.WriteFloorBench.Settings;

/**
 * The write-floor measurement at a small scale: a real floor server process, 20 real WebSocket clients. It checks what
 * the figures rest on, not the machine's speed: every client is served, the frames arrive at the rate, and the server
 * really puts the asked number of events into each write.
 */
class WriteFloorBenchTest {

    @Test
    void theFloorServerDeliversAtTheRateWithTheAskedEventsPerWrite() throws Exception {
        Settings settings = Settings.parse(new String[] {"--clients=20", "--rate=50", "--events-per-write=1,4",
                "--runs=1", "--duration=2s", "--warmup=500ms", "--server-loops=2", "--client-loops=1"});

        List<FloorRun> runs = WriteFloorBench.run(settings);

        assertThat(runs).extracting(FloorRun::eventsPerWrite).containsExactly(1, 4);
        for (FloorRun run : runs) {
            assertThat(run.clients()).isEqualTo(20);
            // 50 events/s to 20 clients for 2 s: 2,000 frames, give or take a write at each end of the window
            assertThat(run.deliveriesPerSecond()).isCloseTo(1000, within(250.0));
            assertThat(run.p99Millis()).isPositive();
            assertThat(run.cpuMicrosPerDelivery()).isPositive();
            // one write per connection and batch, and one more per server loop and batch: the selector's wake-up
            // (a write to its pipe); 20 clients and 2 loops make that 1.1 writes per batch and client
            double expected = (1.0 + 2.0 / 20) / run.eventsPerWrite();
            assertThat(run.writesPerDelivery()).as("write syscalls per frame with %d events per write",
                    run.eventsPerWrite()).isCloseTo(expected, within(0.08 * expected));
        }
    }

    @Test
    void refusesAnUnknownOption() {
        assertThatThrownBy(() -> Settings.parse(new String[] {"--clients=5", "--rates=40"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rates");
    }

    @Test
    void answersTheHandshakeAsRfc6455Says() {
        // RFC 6455, section 1.3
        assertThat(FloorServer.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
}
