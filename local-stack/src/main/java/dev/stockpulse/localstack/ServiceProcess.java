package dev.stockpulse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** One service started from its packaged jar as a separate process, its output in a log file. */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final StockPulseService service;
    private final int port;
    private final Path logFile;
    private final Process process;

    private ServiceProcess(StockPulseService service, int port, Path logFile, Process process) {
        this.service = service;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * What the services' base image (ubi9/openjdk-17-runtime) starts every JVM with, through its run-java.sh, besides
     * the heap size: the parallel collector and its footprint tuning. Without these a JVM on a machine like this one
     * picks G1, and the local run and the benchmark would measure a different collector than the images run. A
     * service's image may set its own time goal ({@link StockPulseService#gcTimeRatio()}), which {@link #start} uses
     * instead of the base image's ({@link #jvmOptions}).
     */
    public static final List<String> CONTAINER_JVM_OPTIONS = List.of("-XX:+UseParallelGC", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20", "-XX:GCTimeRatio=4", "-XX:AdaptiveSizePolicyWeight=90", "-XX:+ExitOnOutOfMemoryError");

    /** The base image's options with the service's own time goal in place of the base image's. */
    static List<String> jvmOptions(StockPulseService service) {
        return CONTAINER_JVM_OPTIONS.stream()
                .map(o -> o.startsWith("-XX:GCTimeRatio=") ? "-XX:GCTimeRatio=" + service.gcTimeRatio() : o)
                .toList();
    }

    public static ServiceProcess start(StockPulseService service, Path jar, int port, Map<String, String> environment,
            Path logDir) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(service.moduleName() + " is not built: " + jar
                    + " is missing. Run ./mvnw -DskipTests package first.");
        }
        if (!FreePorts.isFree(port)) {
            throw new IllegalStateException("Port " + port + " for " + service.moduleName()
                    + " is in use. Stop whatever listens there and try again.");
        }
        try {
            Files.createDirectories(logDir);
            Path logFile = logDir.resolve(service.moduleName() + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx384m");
            command.addAll(jvmOptions(service));
            // The same variable the container images read (Dockerfile.jvm): options appended to the JVM's own.
            String append = environment.getOrDefault("JAVA_OPTS_APPEND", "").strip();
            if (!append.isEmpty()) {
                command.addAll(List.of(append.split("\\s+")));
            }
            command.add("-jar");
            command.add(jar.toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            return new ServiceProcess(service, port, logFile, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + service.moduleName(), e);
        }
    }

    public StockPulseService service() {
        return service;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** The operating system's id of the process, for signals a test sends (e.g. SIGSTOP to make it fall behind). */
    public long pid() {
        return process.pid();
    }

    /** Waits until {@code /health/ready} answers 200; fails with the end of the log if the process dies first. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.moduleName() + " exited with code " + process.exitValue()
                        + ". Last lines of " + logFile + ":\n" + tail(40));
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + service.moduleName(), e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + service.moduleName(), e);
            }
        }
        throw new IllegalStateException(service.moduleName() + " was not ready within " + timeout.toSeconds()
                + " s. Last lines of " + logFile + ":\n" + tail(40));
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Waits for the process to end by itself; empty if it is still running after the timeout. */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** A crash: SIGKILL, no shutdown hooks, nothing flushed. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Graceful stop (SIGTERM, as Kubernetes sends), then a hard kill if it does not exit in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
