package dev.stockpulse.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at the gateway process from outside: its CPU time ({@code /proc/<pid>/stat}, per thread from
 * {@code /proc/<pid>/task}), its heap after a full GC ({@code jcmd GC.run} then {@code jcmd GC.heap_info}), and its
 * Prometheus metrics ({@code /q/metrics}).
 */
final class GatewayProbe {

    /** G1 prints one "garbage-first heap total ..K, used ..K"; Parallel and Serial one such line per generation. */
    private static final Pattern HEAP_USED = Pattern.compile("\\btotal\\s+(\\d+)K,\\s+used\\s+(\\d+)K");
    /** The heap's spaces in {@code GC.heap_info}: {@code [0x<start>, 0x<top>, 0x<end>)}. */
    private static final Pattern HEAP_RANGE =
            Pattern.compile("\\[0x([0-9a-f]+),\\s*0x([0-9a-f]+),\\s*0x([0-9a-f]+)\\)");
    /** A mapping's first line in {@code /proc/<pid>/smaps}: {@code <start>-<end> perms ...}. */
    private static final Pattern MAPPING = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) ");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final long pid;
    private final String baseUrl;
    private final long ticksPerSecond;
    private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    GatewayProbe(long pid, String baseUrl) {
        this.pid = pid;
        this.baseUrl = baseUrl;
        this.ticksPerSecond = clockTicks();
    }

    long pid() {
        return pid;
    }

    /** The gateway's JVM among this process's descendants, found by its jar. */
    static long findPid(Path jar) {
        String jarPath = jar.toAbsolutePath().toString();
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(jarPath)).orElse(false))
                .findFirst()
                .map(ProcessHandle::pid)
                .orElseThrow(() -> new IllegalStateException("no child process runs " + jarPath));
    }

    // ---- CPU

    /** User + system CPU time of the whole gateway process, in nanoseconds (resolution: one clock tick). */
    long cpuNanos() {
        return cpuNanosOf(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** CPU time per thread name (digits removed, so "vert.x-eventloop-thread-3" counts as one group). */
    Map<String, Long> cpuNanosByThread() {
        Map<String, Long> byName = new HashMap<>();
        for (String stat : threadFiles(pid, "stat")) {
            try {
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                byName.merge(name, ticksToNanos(stat), Long::sum);
            } catch (RuntimeException unreadable) {
                // not a stat line: left out
            }
        }
        return byName;
    }

    /**
     * The text of {@code /proc/<pid>/task/<tid>/<file>} for every thread of a process; a thread that ended between
     * listing and reading is left out, and a process that cannot be read gives none.
     */
    static List<String> threadFiles(long pid, String file) {
        List<String> texts = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    texts.add(Files.readString(task.resolve(file), StandardCharsets.US_ASCII));
                } catch (IOException threadGone) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return texts;
    }

    /**
     * CPU time of the JIT compiler threads ({@code C1 CompilerThread#}, {@code C2 CompilerThread#}; the kernel keeps 15
     * characters of a name, {@code C# CompilerThre}): what the process still spends compiling, which a step that runs
     * soon after a start pays on top of its own work.
     */
    long compilerCpuNanos() {
        return compilerNanos(cpuNanosByThread());
    }

    /** The compiler threads' share of a {@link #cpuNanosByThread()} reading. */
    static long compilerNanos(Map<String, Long> byThread) {
        return byThread.entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Context switches of every thread of this process so far, {@link #contextSwitches(long)}. */
    long[] contextSwitches() {
        return contextSwitches(pid);
    }

    /**
     * Context switches of every thread of a process so far: {voluntary, involuntary}. A voluntary one is a thread that
     * blocked (in {@code epoll_wait}, on a lock, in a {@code recv}) and so had to be woken again: a wake-up. An
     * involuntary one is a thread the scheduler took off a core while it still had work: a sign of contention. A thread
     * that ended takes its counts with it; {0, 0} where {@code /proc} cannot be read.
     */
    static long[] contextSwitches(long pid) {
        long[] sum = new long[2];
        for (String status : threadFiles(pid, "status")) {
            for (String line : status.split("\n")) {
                try {
                    if (line.startsWith("voluntary_ctxt_switches:")) {
                        sum[0] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                        sum[1] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                    }
                } catch (NumberFormatException unreadable) {
                    // not a count: left out
                }
            }
        }
        return sum;
    }

    /** Write-family syscalls the gateway made so far ({@code syscw} of {@code /proc/<pid>/io}); -1 if unreadable. */
    long writeSyscalls() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
                if (line.startsWith("syscw:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time of this JVM (the load generator, and the Kafka broker when it runs in it). */
    long selfCpuNanos() {
        return cpuNanosOf(Path.of("/proc/self/stat"));
    }

    /** The machine's busy share in percent between two {@link #machineTicks()} readings; 0 when no tick passed. */
    static double busyPercent(long[] before, long[] after) {
        return after[1] > before[1] ? 100.0 * (after[0] - before[0]) / (after[1] - before[1]) : 0;
    }

    /** Busy and total jiffies of the whole machine, from /proc/stat. */
    static long[] machineTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private long cpuNanosOf(Path statFile) {
        try {
            return ticksToNanos(Files.readString(statFile, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + statFile, e);
        }
    }

    private long ticksToNanos(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "(comm) ": f[0] is field 3 (state); utime is field 14, stime field 15
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * 1_000_000_000L / ticksPerSecond;
    }

    static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    // ---- Memory of the process

    /**
     * The process's resident memory from {@code /proc/<pid>/status}, in KiB: {@code VmRSS} and its parts
     * {@code RssAnon} (heap, direct buffers, thread stacks, malloc: what the process allocated), {@code RssFile}
     * (mapped jars and the JDK's files) and {@code RssShmem}. The kernel's socket buffers are not in it.
     */
    Rss rss() {
        Map<String, Long> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.endsWith(" kB")) {
                    fields.put(line.substring(0, colon),
                            Long.parseLong(line.substring(colon + 1, line.length() - 3).trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
        }
        return new Rss(fields.getOrDefault("VmRSS", 0L), fields.getOrDefault("RssAnon", 0L),
                fields.getOrDefault("RssFile", 0L), fields.getOrDefault("RssShmem", 0L));
    }

    /** Resident memory in KiB: the total and its anonymous, file-backed and shared parts. */
    record Rss(long totalKiB, long anonKiB, long fileKiB, long shmemKiB) {
    }

    /**
     * Committed memory per category of the JVM's native memory tracking ({@code jcmd VM.native_memory summary}), in
     * KiB, with "Total" for the sum; empty when the gateway runs without {@code -XX:NativeMemoryTracking}. Direct
     * buffers, Netty's pooled arenas among them, are under "Other" on Java 17.
     */
    Map<String, Long> nativeMemoryKiB() {
        Map<String, Long> committed = new java.util.LinkedHashMap<>();
        Pattern total = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB");
        Pattern category = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
        String out;
        try {
            out = jcmd("VM.native_memory summary");
        } catch (IllegalStateException notTracking) {
            return committed;
        }
        for (String line : out.split("\n")) {
            String trimmed = line.strip();
            Matcher t = total.matcher(trimmed);
            if (t.find()) {
                committed.put("Total", Long.parseLong(t.group(2)));
                continue;
            }
            Matcher c = category.matcher(trimmed);
            if (c.find()) {
                committed.put(c.group(1).strip(), Long.parseLong(c.group(3)));
            }
        }
        return committed;
    }

    /**
     * The heap as it is, without a collection ({@code jcmd GC.heap_info}), in KiB: committed, in use, and resident
     * (the {@code Rss} of {@code /proc/<pid>/smaps} of the mappings inside the address range the heap info prints; -1
     * if it prints none). Resident heap is what the heap adds to the process's RSS: pages once written stay resident,
     * also when what was written there is garbage.
     */
    long[] heapNow() {
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        long totalKiB = 0;
        long usedKiB = 0;
        while (m.find()) {
            totalKiB += Long.parseLong(m.group(1));
            usedKiB += Long.parseLong(m.group(2));
        }
        Matcher range = HEAP_RANGE.matcher(info);
        long low = Long.MAX_VALUE;
        long high = 0;
        while (range.find()) {
            low = Math.min(low, Long.parseUnsignedLong(range.group(1), 16));
            high = Math.max(high, Long.parseUnsignedLong(range.group(3), 16));
        }
        return new long[] {totalKiB, usedKiB, high > low ? residentKiB(low, high) : -1};
    }

    /** The {@code Rss} of the process's mappings that lie inside {@code [low, high)}, in KiB. */
    private long residentKiB(long low, long high) {
        long total = 0;
        boolean inside = false;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps"))) {
                Matcher mapping = MAPPING.matcher(line);
                if (mapping.find()) {
                    long start = Long.parseUnsignedLong(mapping.group(1), 16);
                    long end = Long.parseUnsignedLong(mapping.group(2), 16);
                    inside = start >= low && end <= high;
                } else if (inside && line.startsWith("Rss:")) {
                    total += Long.parseLong(line.substring(4, line.length() - 3).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return total;
    }

    // ---- Heap

    /**
     * Heap in use right after a full GC, in bytes: {@code jcmd <pid> GC.run} (System.gc(), a full collection with G1)
     * and then {@code jcmd <pid> GC.heap_info}, {@code samples} times; the median is returned, so a sample spoiled by
     * a stray allocation in between does not count.
     */
    long heapAfterGc(int samples) {
        List<Long> used = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            jcmd("GC.run");
            Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
            long usedKiB = 0;
            boolean found = false;
            while (m.find()) {
                usedKiB += Long.parseLong(m.group(2));
                found = true;
            }
            if (!found) {
                throw new IllegalStateException("jcmd GC.heap_info printed no 'total ..K, used ..K'");
            }
            used.add(usedKiB * 1024);
            sleep(300);
        }
        Collections.sort(used);
        return used.get(used.size() / 2);
    }

    /** Live objects per class after a full GC ({@code jcmd GC.class_histogram}): class name to {instances, bytes}. */
    Map<String, long[]> classHistogram() {
        Map<String, long[]> classes = new HashMap<>();
        Pattern row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                classes.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
        }
        return classes;
    }

    /** The classes that grew most between two histograms, per connection: "bytes B (instances) class". */
    static String histogramGrowth(Map<String, long[]> before, Map<String, long[]> after, int connections, int top) {
        List<Map.Entry<String, long[]>> growth = new ArrayList<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long[] d = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
            if (d[1] > 0) {
                growth.add(Map.entry(e.getKey(), d));
            }
        }
        growth.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(top, growth.size()); i++) {
            long[] d = growth.get(i).getValue();
            s.append(String.format("    %7.0f B  %6.1f objects  %s%n", (double) d[1] / connections,
                    (double) d[0] / connections, growth.get(i).getKey()));
        }
        return s.toString();
    }

    /** Starts a Java Flight Recording with the {@code profile} settings ({@code jcmd JFR.start}). */
    void startRecording(String name) {
        jcmd("JFR.start name=" + name + " settings=profile");
    }

    /** Stops the recording {@link #startRecording} started and writes it to {@code file}. */
    void stopRecording(String name, Path file) {
        jcmd("JFR.stop name=" + name + " filename=" + file.toAbsolutePath());
    }

    private String jcmd(String command) {
        try {
            List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
            line.addAll(List.of(command.split(" ")));
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ---- Metrics

    /** The gateway's Prometheus metrics, summed per name and label set as written. */
    Map<String, Double> metrics() {
        Map<String, Double> values = new HashMap<>();
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            for (String sample : response.body().split("\n")) {
                if (sample.isEmpty() || sample.startsWith("#")) {
                    continue;
                }
                // OpenMetrics exemplars (a traced service adds them to timers' counts) follow the value after " # ".
                int exemplar = sample.indexOf(" # ");
                String line = exemplar < 0 ? sample : sample.substring(0, exemplar);
                int space = line.lastIndexOf(' ');
                try {
                    values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                } catch (NumberFormatException ignored) {
                    // not a sample line
                }
            }
        } catch (IOException e) {
            return values;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return values;
    }

    /** The sum of every sample whose name (before any labels) is {@code name} and whose labels contain {@code with}. */
    static double sum(Map<String, Double> metrics, String name, String with) {
        double total = 0;
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            String key = e.getKey();
            String bare = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
            if (bare.equals(name) && (with == null || key.contains(with))) {
                total += e.getValue();
            }
        }
        return total;
    }

    /**
     * The upper bound of the bucket in which the {@code quantile} of the observations made between two scrapes falls,
     * from the cumulative buckets ({@code <name>_bucket{le="…"}}) of a Prometheus histogram: the distribution of just
     * that interval, at the buckets' resolution. NaN when nothing was observed in between or there are no buckets.
     */
    static double quantileBetween(Map<String, Double> before, Map<String, Double> after, String name, double quantile) {
        java.util.TreeMap<Double, Double> cumulative = new java.util.TreeMap<>();
        String bucket = name + "_bucket{";
        for (Map.Entry<String, Double> e : after.entrySet()) {
            String key = e.getKey();
            int le = key.indexOf("le=\"");
            if (!key.startsWith(bucket) || le < 0) {
                continue;
            }
            String bound = key.substring(le + 4, key.indexOf('"', le + 4));
            double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            cumulative.merge(upper, e.getValue() - before.getOrDefault(key, 0.0), Double::sum);
        }
        if (cumulative.isEmpty() || cumulative.lastEntry().getValue() <= 0) {
            return Double.NaN;
        }
        double rank = quantile * cumulative.lastEntry().getValue();
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= rank) {
                return e.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Labels of the samples of {@code name} with a non-zero value, e.g. closes by reason. */
    static Optional<String> nonZero(Map<String, Double> before, Map<String, Double> after, String name) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Double> e : after.entrySet()) {
            if (e.getKey().startsWith(name + "{")) {
                double delta = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
                if (delta > 0) {
                    out.append(out.length() > 0 ? ", " : "").append(e.getKey().substring(name.length()))
                            .append('=').append((long) delta);
                }
            }
        }
        return out.length() == 0 ? Optional.empty() : Optional.of(out.toString());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
