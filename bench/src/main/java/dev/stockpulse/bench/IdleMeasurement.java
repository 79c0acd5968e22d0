package dev.stockpulse.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GatewayBench --mode=idle}: what idle connections cost the gateway (issue 20's idle and memory targets). With
 * 0 connections and then at each of {@code --idle-steps}, after {@code --settle}: the gateway's CPU over
 * {@code --idle-time} (pings and their pongs included, no events), per thread; then its resident memory as it runs
 * (before any collection the bench causes), the heap committed and in use, the committed memory per native-memory
 * category with {@code --nmt}, and last the live heap after a full GC. The figures per connection are the growth from 0
 * connections divided by the connections, and between consecutive steps the slope, so that a fixed cost shows as the
 * difference between the two.
 */
final class IdleMeasurement {

    static final double TARGET_CPU_PERCENT = 1;
    static final double TARGET_RSS_KIB = 10;

    /** What one step measured; memory in KiB, CPU in percent of one core. */
    record Step(int connections, int open, double seconds, double cpuPercent, double jitPercent,
            double machineBusyPercent, String threads, GatewayProbe.Rss rss, long heapCommittedKiB, long heapUsedKiB,
            long heapResidentKiB, Map<String, Long> nativeKiB, long heapAfterGcKiB, GatewayProbe.Rss rssAfterGc) {
    }

    private final BenchOptions o;
    private final GatewayProbe probe;
    private final WsClients clients;
    private final int port;
    private final List<String> tokens;
    private final List<Step> steps = new ArrayList<>();

    IdleMeasurement(BenchOptions options, GatewayProbe probe, WsClients clients, int port, List<String> tokens) {
        this.o = options;
        this.probe = probe;
        this.clients = clients;
        this.port = port;
        this.tokens = tokens;
    }

    List<Step> run() throws InterruptedException {
        List<Integer> counts = new ArrayList<>();
        counts.add(0);
        counts.addAll(o.idleSteps);
        int opened = 0;
        String path = o.dialect.path("stock");
        if (o.idleWarmup > 0) {
            int warm = Math.min(o.idleWarmup, tokens.size());
            try (WsClients first = new WsClients(o.clientLoops, o.dialect)) {
                int welcomed = first.connect(port, path, tokens.subList(0, warm), o.connectConcurrency,
                        Math.max(180_000, 30L * warm));
                GatewayBench.say("warm-up: " + welcomed + " connections opened, closed again before the step of 0");
            }
            awaitNoConnections();
        }
        Map<String, long[]> histogram0 = Map.of();
        for (int count : counts) {
            if (count > opened) {
                long t = System.nanoTime();
                long timeout = Math.max(180_000, 30L * (count - opened));
                int welcomed = clients.connect(port, path, tokens.subList(opened, count), o.connectConcurrency,
                        timeout);
                GatewayBench.say(welcomed + " of " + count + " clients welcomed (" + (count - opened) + " more in "
                        + (System.nanoTime() - t) / 1_000_000 + " ms)" + (clients.failedConnects() > 0 ? "; "
                        + clients.failedConnects() + " failed, first: " + clients.firstFailure() : ""));
                opened = count;
            }
            GatewayProbe.sleep(o.settle.toMillis());
            steps.add(measure(count));
            if (o.heapHistogram && count == 0) {
                histogram0 = probe.classHistogram();
            }
        }
        if (o.heapHistogram && opened > 0) {
            GatewayBench.say("live heap growth per idle connection by class (jcmd GC.class_histogram, 0 -> " + opened
                    + "):\n" + GatewayProbe.histogramGrowth(histogram0, probe.classHistogram(), opened, 20));
        }
        GatewayBench.say(summary());
        return List.copyOf(steps);
    }

    /** The gateway has let go of the warm-up's connections (it learns of each close asynchronously). */
    private void awaitNoConnections() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (GatewayProbe.sum(probe.metrics(), "gateway_connections", null) > 0 && System.nanoTime() < deadline) {
            GatewayProbe.sleep(200);
        }
    }

    private Step measure(int count) {
        Map<String, Long> threads0 = probe.cpuNanosByThread();
        long[] machine0 = GatewayProbe.machineTicks();
        long cpu0 = probe.cpuNanos();
        long start = System.nanoTime();
        GatewayProbe.sleep(o.idleTime.toMillis());
        long cpu1 = probe.cpuNanos();
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] machine1 = GatewayProbe.machineTicks();
        Map<String, Long> threads1 = probe.cpuNanosByThread();
        GatewayProbe.Rss rss = probe.rss();
        long[] heap = probe.heapNow();
        Map<String, Long> nativeKiB = o.nmt ? probe.nativeMemoryKiB() : Map.of();
        long heapAfterGc = probe.heapAfterGc(o.heapSamples) / 1024;
        GatewayProbe.Rss rssAfterGc = probe.rss();
        double busy = GatewayProbe.busyPercent(machine0, machine1);
        long jit = GatewayProbe.compilerNanos(threads1) - GatewayProbe.compilerNanos(threads0);
        Step step = new Step(count, clients.open(), seconds, 100.0 * (cpu1 - cpu0) / 1e9 / seconds,
                100.0 * jit / 1e9 / seconds, busy, GatewayBench.topThreads(threads0, threads1, 8), rss, heap[0],
                heap[1], heap[2], nativeKiB, heapAfterGc, rssAfterGc);
        GatewayBench.say(String.format("%d idle connections (%d open): gateway CPU %.2f %% of a core over %.0f s,"
                + " %.2f %% of it the JIT's compiler threads (machine busy %.0f %%), by thread: %s; RSS %d KiB"
                + " (anon %d, file %d; heap resident %d), heap committed %d KiB, in use %d KiB, live after full GC"
                + " %d KiB, RSS after that GC %d KiB%s", count, step.open(), step.cpuPercent(), seconds,
                step.jitPercent(), busy, step.threads(), rss.totalKiB(), rss.anonKiB(), rss.fileKiB(), heap[2], heap[0],
                heap[1], heapAfterGc, rssAfterGc.totalKiB(),
                nativeKiB.isEmpty() ? "" : "; native memory committed (KiB): " + nativeKiB));
        return step;
    }

    String summary() {
        StringBuilder s = new StringBuilder();
        s.append("\n==== realtime-gateway idle connections, dialect ").append(o.dialect.option()).append(" — ")
                .append(Instant.now()).append(" ====\n");
        s.append("machine: ").append(GatewayBench.Machine.describe()).append('\n');
        s.append(String.format("%-11s %6s %9s %9s %7s %10s %10s %11s %11s %11s %10s %10s %12s%n", "connections",
                "open", "CPU %core", "of it JIT", "busy %", "RSS KiB", "anon KiB", "heap res.", "not heap", "heap com.",
                "heap used", "live heap", "RSS after GC"));
        for (Step step : steps) {
            s.append(String.format("%-11d %6d %9.2f %9.2f %7.0f %10d %10d %11d %11d %11d %10d %10d %12d%n",
                    step.connections(), step.open(), step.cpuPercent(), step.jitPercent(), step.machineBusyPercent(),
                    step.rss().totalKiB(), step.rss().anonKiB(), step.heapResidentKiB(), notHeap(step),
                    step.heapCommittedKiB(), step.heapUsedKiB(), step.heapAfterGcKiB(), step.rssAfterGc().totalKiB()));
        }
        s.append("per idle connection, in KiB (from 0, and in brackets the slope from the step before):\n");
        Step zero = steps.get(0);
        for (int i = 1; i < steps.size(); i++) {
            Step step = steps.get(i);
            Step before = steps.get(i - 1);
            s.append(String.format("  %6d: RSS %s, of which heap resident %s and the rest %s; heap committed %s,"
                    + " live heap %s, RSS after GC %s%s%n",
                    step.connections(),
                    perConnection(zero, before, step, x -> x.rss().totalKiB()),
                    perConnection(zero, before, step, Step::heapResidentKiB),
                    perConnection(zero, before, step, IdleMeasurement::notHeap),
                    perConnection(zero, before, step, Step::heapCommittedKiB),
                    perConnection(zero, before, step, Step::heapAfterGcKiB),
                    perConnection(zero, before, step, x -> x.rssAfterGc().totalKiB()),
                    nativeGrowth(zero, step)));
        }
        s.append(String.format("targets (issue 20): <= %.0f %% of a core with 2,000 idle clients, pings included;"
                + " <= %.0f KiB of process RSS per idle connection%n", TARGET_CPU_PERCENT, TARGET_RSS_KIB));
        for (int i = 1; i < steps.size(); i++) {
            Step step = steps.get(i);
            double rss = rssPerConnectionKiB(step);
            double steady = step.cpuPercent() - step.jitPercent();
            s.append(String.format("  %d connections: idle CPU %.2f %% (%s), %.2f %% without the JIT still compiling"
                    + " (%s); RSS per connection %.1f KiB (%s)%n", step.connections(), step.cpuPercent(),
                    step.cpuPercent() <= TARGET_CPU_PERCENT ? "met" : "NOT met", steady,
                    steady <= TARGET_CPU_PERCENT ? "met" : "NOT met", rss, rss <= TARGET_RSS_KIB ? "met" : "NOT met"));
        }
        s.append("CPU = gateway process user+sys (/proc/<pid>/stat) over the window / its length; JIT = its C1/C2"
                + " compiler threads, which compile what the connects and the first pings ran and then fall silent;"
                + " busy = whole machine;"
                + " RSS = VmRSS of /proc/<pid>/status as the idle gateway runs (kernel socket buffers are not in it);"
                + " heap res. = RSS of the heap's mappings (/proc/<pid>/smaps), garbage included; not heap = RSS − heap"
                + " res. (code, metaspace, thread stacks, direct buffers and Netty's arenas, malloc); heap committed/used"
                + " = jcmd GC.heap_info; live heap = after jcmd GC.run.\n");
        return s.toString();
    }

    private static long notHeap(Step step) {
        return step.rss().totalKiB() - step.heapResidentKiB();
    }

    /** (RSS with the step's connections − RSS with none) ÷ connections, in KiB; NaN for the step of 0. */
    double rssPerConnectionKiB(Step step) {
        Step zero = steps.get(0);
        return step.connections() > 0 ? (double) (step.rss().totalKiB() - zero.rss().totalKiB()) / step.connections()
                : Double.NaN;
    }

    private static String perConnection(Step zero, Step before, Step step, java.util.function.ToLongFunction<Step> f) {
        double fromZero = (double) (f.applyAsLong(step) - f.applyAsLong(zero)) / step.connections();
        if (before == zero) {
            return String.format("%.2f", fromZero);
        }
        double slope = (double) (f.applyAsLong(step) - f.applyAsLong(before)) / (step.connections()
                - before.connections());
        return String.format("%.2f (%.2f)", fromZero, slope);
    }

    /** Native-memory categories (with --nmt) that grew, per connection from 0, largest first. */
    private static String nativeGrowth(Step zero, Step step) {
        if (step.nativeKiB().isEmpty()) {
            return "";
        }
        List<Map.Entry<String, Long>> growth = new ArrayList<>();
        step.nativeKiB().forEach((category, kib) -> growth.add(Map.entry(category,
                kib - zero.nativeKiB().getOrDefault(category, 0L))));
        growth.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder s = new StringBuilder("; native committed:");
        for (Map.Entry<String, Long> e : growth) {
            if (e.getValue() != 0) {
                s.append(String.format(" %s %.2f", e.getKey(), (double) e.getValue() / step.connections()));
            }
        }
        return s.toString();
    }
}
