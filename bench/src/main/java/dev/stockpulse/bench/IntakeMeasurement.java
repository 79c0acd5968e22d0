package dev.stockpulse.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GatewayBench --mode=intake}: what one gateway instance spends per event it reads from Kafka with no client
 * connected (issue 20's intake target). Every instance reads every partition, so this is what each instance of a
 * fleet pays for every event of every tenant, whoever its own clients are; the capacity model in the bench README is
 * built on it.
 *
 * <p>First the idle gateway's CPU over {@code --duration} (its Kafka consumer's empty fetches, timers), then per rate
 * of {@code --rates}: events produced for {@code --duration} (or up to {@code --events}; rate 0 is as fast as the
 * producer goes), and then a wait until the gateway has counted every one of them in {@code gateway_events_total}
 * (no frame reaches anyone, so its own count is the only way to know it read them). CPU per event is the gateway
 * process's user+system CPU from the first event sent to the last one counted ÷ the events; "above idle" subtracts
 * what the idle gateway spends in as much time. The intake rate is events ÷ that time: at a fixed rate it reads the
 * offered rate, at rate 0 how fast one instance drains a backlog.
 */
final class IntakeMeasurement {

    /** What one step measured; CPU of the gateway process. */
    record Step(double rate, long events, long read, double seconds, double cpuSeconds, double idleCpuPercent,
            double machineBusyPercent, String threads) {

        /** Events read per second, from the first event sent to the last one the gateway counted. */
        double eventsPerSecond() {
            return seconds > 0 ? events / seconds : 0;
        }

        double cpuMicrosPerEvent() {
            return events > 0 ? cpuSeconds * 1e6 / events : Double.NaN;
        }

        /** CPU per event less what the idle gateway spends in the same time. */
        double cpuMicrosPerEventAboveIdle() {
            return events > 0 ? (cpuSeconds - idleCpuPercent / 100 * seconds) * 1e6 / events : Double.NaN;
        }

        /** Share of one core this intake rate costs, above idle. */
        double corePercentAboveIdle() {
            return seconds > 0 ? 100 * (cpuSeconds / seconds) - idleCpuPercent : Double.NaN;
        }
    }

    private static final String COUNTER = "gateway_events_total";

    private final BenchOptions o;
    private final GatewayProbe probe;
    private final EventLoad load;

    IntakeMeasurement(BenchOptions options, GatewayProbe probe, EventLoad load) {
        this.o = options;
        this.probe = probe;
        this.load = load;
    }

    List<Step> run() {
        GatewayProbe.sleep(o.settle.toMillis());
        Map<String, Long> threads0 = probe.cpuNanosByThread();
        long[] machine0 = GatewayProbe.machineTicks();
        long cpu0 = probe.cpuNanos();
        long start = System.nanoTime();
        GatewayProbe.sleep(o.duration.toMillis());
        double idleSeconds = (System.nanoTime() - start) / 1e9;
        double idleCpu = (probe.cpuNanos() - cpu0) / 1e9;
        double idlePercent = 100 * idleCpu / idleSeconds;
        Step idle = new Step(-1, 0, 0, idleSeconds, idleCpu, idlePercent, busy(machine0), GatewayBench.topThreads(threads0,
                probe.cpuNanosByThread(), 6));
        GatewayBench.say(String.format("idle, no client: gateway CPU %.2f %% of a core over %.0f s (machine busy %.0f %%);"
                + " by thread: %s", idlePercent, idleSeconds, idle.machineBusyPercent(), idle.threads()));

        if (!o.warmup.isZero()) {
            double warmRate = o.rates.get(0) > 0 ? o.rates.get(0) : 1000;
            GatewayBench.say(String.format("warm-up: %.0f events/s for %.0f s (not measured)", warmRate,
                    o.warmup.toMillis() / 1000.0));
            step(warmRate, o.warmup.toNanos(), Long.MAX_VALUE, idlePercent, false);
        }
        List<Step> steps = new ArrayList<>();
        steps.add(idle);
        for (double rate : o.rates) {
            GatewayProbe.sleep(o.settle.toMillis());
            steps.add(step(rate, o.duration.toNanos(), o.eventCap(rate), idlePercent, true));
        }
        GatewayBench.say(summary(steps));
        return List.copyOf(steps);
    }

    private Step step(double rate, long durationNanos, long cap, double idlePercent, boolean measured) {
        double counted0 = GatewayProbe.sum(probe.metrics(), COUNTER, null);
        Map<String, Long> threads0 = probe.cpuNanosByThread();
        long[] machine0 = GatewayProbe.machineTicks();
        long cpu0 = probe.cpuNanos();
        long start = System.nanoTime();
        long sent = load.run(rate, durationNanos, cap);
        long[] read = awaitCounted(counted0, sent);
        long cpu1 = probe.cpuNanos();
        Step step = new Step(rate, sent, read[1], (read[0] - start) / 1e9, (cpu1 - cpu0) / 1e9, idlePercent, busy(machine0),
                GatewayBench.topThreads(threads0, probe.cpuNanosByThread(), 6));
        GatewayBench.say(String.format("%s %s events/s: %d events sent, %d read in %.1f s (%.0f/s); gateway CPU %.2f s = %.2f µs"
                + " per event, %.2f above idle (%.1f %% of a core above idle); produce failures %d; machine busy %.0f %%;"
                + " by thread: %s", measured ? "run" : "warm-up", GatewayBench.rateLabel(rate), sent, step.read(), step.seconds(),
                step.eventsPerSecond(), step.cpuSeconds(), step.cpuMicrosPerEvent(), step.cpuMicrosPerEventAboveIdle(),
                step.corePercentAboveIdle(), load.failures(), step.machineBusyPercent(), step.threads()));
        return step;
    }

    /**
     * Polls the gateway's count of events read until it grew by {@code sent}, or nothing changed for the drain
     * timeout. The polls themselves cost the gateway a little CPU (a metrics scrape each 250 ms), which is counted.
     *
     * @return nanoTime when the last event was seen counted, and how many were counted
     */
    private long[] awaitCounted(double counted0, long sent) {
        double last = -1;
        long lastProgress = System.nanoTime();
        long seenAt = System.nanoTime();
        long hardDeadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < hardDeadline) {
            double counted = GatewayProbe.sum(probe.metrics(), COUNTER, null) - counted0;
            if (counted != last) {
                last = counted;
                lastProgress = System.nanoTime();
                seenAt = lastProgress;
            }
            if (counted >= sent) {
                return new long[] {seenAt, (long) counted};
            }
            if (System.nanoTime() - lastProgress > o.drainTimeout.toNanos()) {
                GatewayBench.say("  (stopped waiting: the gateway counted " + (long) counted + " of " + sent
                        + " events, nothing new for " + o.drainTimeout.toSeconds() + " s)");
                return new long[] {seenAt, (long) counted};
            }
            GatewayProbe.sleep(250);
        }
        return new long[] {seenAt, (long) last};
    }

    private static double busy(long[] machine0) {
        long[] machine1 = GatewayProbe.machineTicks();
        return GatewayProbe.busyPercent(machine0, machine1);
    }

    private String summary(List<Step> steps) {
        StringBuilder s = new StringBuilder();
        s.append("\n==== realtime-gateway intake, no client — ").append(java.time.Instant.now()).append(" ====\n");
        s.append("machine: ").append(GatewayBench.Machine.describe()).append('\n');
        s.append("events: ").append(load.payloadSize()).append("-byte payloads, ").append(o.tenants)
                .append(" tenant(s); the gateway reads every partition of every topic, as every instance does\n");
        s.append(String.format("%-9s %9s %8s %10s %11s %12s %13s %12s %7s%n", "events/s", "events", "seconds",
                "read/s", "CPU s", "µs CPU/ev", "µs above idle", "% core >idle", "busy %"));
        for (Step st : steps) {
            if (st.rate() < 0) {
                s.append(String.format("%-9s %9s %8.1f %10s %11.2f %12s %13s %12s %7.0f%n", "idle", "-", st.seconds(),
                        "-", st.cpuSeconds(), "-", "-", String.format("%.2f", st.idleCpuPercent()),
                        st.machineBusyPercent()));
            } else {
                s.append(String.format("%-9s %9d %8.1f %10.0f %11.2f %12.2f %13.2f %12.1f %7.0f%n",
                        GatewayBench.rateLabel(st.rate()), st.events(), st.seconds(), st.eventsPerSecond(),
                        st.cpuSeconds(), st.cpuMicrosPerEvent(), st.cpuMicrosPerEventAboveIdle(),
                        st.corePercentAboveIdle(), st.machineBusyPercent()));
            }
        }
        s.append("CPU = gateway process user+sys from the first event sent to the last one counted in ")
                .append(COUNTER).append("; above idle = less the idle row's share of a core over the same time. The"
                        + " producer and the broker run in this JVM, on the same cores.");
        return s.toString();
    }
}
