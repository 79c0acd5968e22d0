package dev.stockpulse.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import dev.stockpulse.localstack.FreePorts;
import dev.stockpulse.localstack.ServiceProcess;

/**
 * Measures the floor under the gateway's CPU per delivery on this machine: {@link FloorServer}, a server that does
 * nothing but write pre-encoded frames, sends the gateway benchmark's load (N clients, the same {@link WsClients}, the
 * same rate and frame size) with 1, 2, … events per write, and its process CPU is divided by the frames the clients
 * received, exactly as {@link GatewayBench} does for the gateway. Whatever the gateway spends above this floor is its
 * own code; the floor itself is the kernel's TCP path over loopback (the clients' receive path included, which
 * loopback runs inside the sender's write) and the JVM's socket write.
 *
 * <p>Options ({@code --name=value}): {@code --clients} (2000), {@code --rate} events/s (41), {@code --events-per-write}
 * comma-separated (1,2,4), {@code --runs} per setting (3), {@code --duration} (20s), {@code --warmup} (20s),
 * {@code --frame-bytes} (548, the gateway bench's average frame), {@code --server-loops} (4: Quarkus' default of two
 * event loops per CPU), {@code --client-loops} (2), {@code --gather} (false: a connection's events are copied into one
 * buffer and written with {@code write}; true: one buffer per event and one gathering {@code writev}, as Netty
 * writes). Every run ends by itself and the server is stopped at the end.
 */
public final class WriteFloorBench {

    private WriteFloorBench() {
    }

    /** The settings of one floor measurement; see the class comment. */
    record Settings(int clients, double rate, List<Integer> eventsPerWrite, int runs, Duration duration,
            Duration warmup, int frameBytes, int serverLoops, int clientLoops, boolean gather) {

        static Settings parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (String arg : String.join(" ", args).trim().split("\\s+")) {
                if (arg.isEmpty()) {
                    continue;
                }
                int eq = arg.indexOf('=');
                if (!arg.startsWith("--") || eq < 0) {
                    throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
                }
                given.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
            List<Integer> perWrite = new ArrayList<>();
            for (String k : take(given, "events-per-write", "1,2,4").split(",")) {
                perWrite.add(Integer.parseInt(k.trim()));
            }
            Settings settings = new Settings(Integer.parseInt(take(given, "clients", "2000")),
                    Double.parseDouble(take(given, "rate", "41")), List.copyOf(perWrite),
                    Integer.parseInt(take(given, "runs", "3")), BenchOptions.duration(take(given, "duration", "20s")),
                    BenchOptions.duration(take(given, "warmup", "20s")), Integer.parseInt(take(given, "frame-bytes", "548")),
                    Integer.parseInt(take(given, "server-loops", "4")), Integer.parseInt(take(given, "client-loops", "2")),
                    Boolean.parseBoolean(take(given, "gather", "false")));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + given.keySet());
            }
            return settings;
        }

        private static String take(Map<String, String> given, String name, String fallback) {
            String value = given.remove(name);
            return value != null ? value : fallback;
        }
    }

    /** One measured run of one events-per-write setting. */
    record FloorRun(int eventsPerWrite, int clients, long frames, double deliveriesPerSecond, double p50Millis,
            double p99Millis, double cpuMicrosPerDelivery, double writesPerDelivery) {

        String row() {
            return String.format("%-16d %13.0f %8.1f %8.1f %11.2f %12.2f", eventsPerWrite, deliveriesPerSecond,
                    p50Millis, p99Millis, cpuMicrosPerDelivery, writesPerDelivery);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "; the options are in the class comment of "
                    + WriteFloorBench.class.getName());
            System.exit(2);
            return;
        }
        say("machine: " + GatewayBench.Machine.describe());
        List<FloorRun> runs = run(settings);
        System.out.printf("%n==== write floor: %d clients, %.0f events/s, %d-byte frames, %d server loops ====%n",
                settings.clients(), settings.rate(), settings.frameBytes(), settings.serverLoops());
        System.out.printf("%-16s %13s %8s %8s %11s %12s%n", "events/write", "deliveries/s", "p50 ms", "p99 ms",
                "µs CPU/del", "writes/del");
        runs.forEach(r -> System.out.println(r.row()));
        System.out.println("µs CPU/del = the floor server's process user+sys CPU over the run / frames received, as"
                + " GatewayBench measures the gateway; writes/del = its write syscalls / frames received.");
    }

    /** Every events-per-write setting in turn, each with a floor server of its own. */
    static List<FloorRun> run(Settings settings) throws Exception {
        List<FloorRun> all = new ArrayList<>();
        for (int k : settings.eventsPerWrite()) {
            all.addAll(measure(settings, k));
        }
        return all;
    }

    private static List<FloorRun> measure(Settings s, int eventsPerWrite) throws Exception {
        int port = FreePorts.find();
        Path classes = Path.of(FloorServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.addAll(ServiceProcess.CONTAINER_JVM_OPTIONS);
        command.addAll(List.of("-cp", classes.toString(), FloorServer.class.getName(), Integer.toString(port),
                Integer.toString(s.serverLoops()), Double.toString(s.rate()), Integer.toString(eventsPerWrite),
                Integer.toString(s.frameBytes()), Boolean.toString(s.gather())));
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<FloorRun> runs = new ArrayList<>();
        try (OutputStream control = server.getOutputStream();
                WsClients ws = new WsClients(s.clientLoops())) {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.US_ASCII));
            String first = out.readLine();
            if (first == null || !first.startsWith("listening")) {
                throw new IllegalStateException("the floor server did not start (it printed " + first + ")");
            }
            int welcomed = ws.connect(port, "/ws", Collections.nCopies(s.clients(), "-"), 100, 120_000);
            say(eventsPerWrite + " events per write: " + welcomed + " of " + s.clients() + " clients connected to the"
                    + " floor server, pid " + server.pid() + "; warming up for " + s.warmup().toSeconds() + " s");
            control.write("go\n".getBytes(StandardCharsets.US_ASCII));
            control.flush();
            GatewayProbe probe = new GatewayProbe(server.pid(), "");
            GatewayProbe.sleep(s.warmup().toMillis());
            for (int run = 0; run < s.runs(); run++) {
                ws.takeLatencies();
                long frames0 = ws.frames();
                long cpu0 = probe.cpuNanos();
                long syscw0 = probe.writeSyscalls();
                Map<String, Long> threads0 = probe.cpuNanosByThread();
                long start = System.nanoTime();
                GatewayProbe.sleep(s.duration().toMillis());
                long frames = ws.frames() - frames0;
                long cpu = probe.cpuNanos() - cpu0;
                long writes = probe.writeSyscalls() - syscw0;
                double seconds = (System.nanoTime() - start) / 1e9;
                Histogram latency = ws.takeLatencies();
                Map<String, Long> threads1 = probe.cpuNanosByThread();
                FloorRun result = new FloorRun(eventsPerWrite, welcomed, frames, frames / seconds,
                        latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                        frames > 0 ? cpu / 1e3 / frames : Double.NaN, frames > 0 ? (double) writes / frames : Double.NaN);
                say("run " + (run + 1) + ": " + result.row().strip().replaceAll("\\s+", " ") + " | by thread: "
                        + threadDeltas(threads0, threads1) + (ws.open() < welcomed ? " | clients open " + ws.open() : ""));
                runs.add(result);
            }
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        return runs;
    }

    private static String threadDeltas(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder s = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 10_000_000)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> s.append(s.length() > 0 ? ", " : "").append(e.getKey())
                        .append(String.format(" %.2f s", e.getValue() / 1e9)));
        return s.toString();
    }

    private static void say(String message) {
        System.out.println("[floor " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
