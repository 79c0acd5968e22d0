package dev.stockpulse.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.stockpulse.localstack.FreePorts;

/**
 * {@code ./run-local.sh} as a script starts it: in the background of a non-interactive shell, where SIGINT arrives
 * ignored. In infra mode (the broker and the database, no services: the same launcher, quicker) it prints nothing
 * that looks like a problem, SIGINT stops it as SIGTERM does, freeing its ports, and {@code ctl} reaches it.
 */
class RunLocalScriptTest {

    private static final Path ROOT = Path.of(System.getProperty("stockpulse.repository.root", ".."))
            .toAbsolutePath().normalize();
    private static final Pattern ADDRESSES = Pattern.compile("Kafka at localhost:(\\d+), PostgreSQL at localhost:(\\d+)");

    @ParameterizedTest
    @ValueSource(strings = { "INT", "TERM" })
    void startedInTheBackgroundItIsQuietAndEverySignalStopsItAndFreesItsPorts(String signal) throws Exception {
        Path output = ROOT.resolve("system-tests/target/run-local-" + signal + ".out");
        Files.createDirectories(output.getParent());
        Process shell = new ProcessBuilder("bash", "-c", "./run-local.sh infra >'" + output + "' 2>&1 & echo $!")
                .directory(ROOT.toFile()).start();
        long pid = Long.parseLong(new String(shell.getInputStream().readAllBytes()).strip());
        ProcessHandle launcher = ProcessHandle.of(pid).orElseThrow();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> read(output).contains("are running")
                    || !launcher.isAlive());
            String printed = read(output);
            assertThat(printed).as(printed).contains("Kafka and PostgreSQL are running");
            List<String> noisy = printed.lines()
                    .filter(l -> l.contains("SLF4J") || l.contains("Formatting") || l.contains("WARN")
                            || l.contains("ERROR") || l.contains("Exception"))
                    .toList();
            assertThat(noisy).as("lines that look like problems").isEmpty();
            Matcher ports = ADDRESSES.matcher(printed);
            assertThat(ports.find()).as(printed).isTrue();

            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();

            await().atMost(Duration.ofSeconds(60)).until(() -> !launcher.isAlive());
            assertThat(FreePorts.isFree(Integer.parseInt(ports.group(1)))).as("Kafka's port").isTrue();
            assertThat(FreePorts.isFree(Integer.parseInt(ports.group(2)))).as("PostgreSQL's port").isTrue();
            assertThat(read(output)).contains("stopped");
            assertThat(ROOT.resolve(".local-stack/control.port")).doesNotExist();
        } finally {
            // SIGTERM, not SIGKILL, when a check failed: a killed launcher would leave PostgreSQL running.
            if (launcher.isAlive()) {
                launcher.destroy();
                launcher.onExit().get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void ctlStopsAndStartsTheBrokerOfTheRunningLauncher() throws Exception {
        Path output = ROOT.resolve("system-tests/target/run-local-ctl.out");
        Process shell = new ProcessBuilder("bash", "-c", "./run-local.sh infra >'" + output + "' 2>&1 & echo $!")
                .directory(ROOT.toFile()).start();
        ProcessHandle launcher = ProcessHandle.of(Long.parseLong(new String(shell.getInputStream().readAllBytes()).strip()))
                .orElseThrow();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> read(output).contains("are running")
                    || !launcher.isAlive());
            Matcher ports = ADDRESSES.matcher(read(output));
            assertThat(ports.find()).as(read(output)).isTrue();
            int kafka = Integer.parseInt(ports.group(1));

            assertThat(ctl("stop-kafka")).isEqualTo(new Answer(0, "Kafka stopped (ctl)"));
            assertThat(FreePorts.isFree(kafka)).as("Kafka's port after stop-kafka").isTrue();
            assertThat(ctl("status").text()).containsPattern("Kafka +down +localhost:" + kafka)
                    .containsPattern("PostgreSQL +listening");
            assertThat(ctl("start-kafka")).isEqualTo(new Answer(0, "Kafka started (ctl)"));
            assertThat(FreePorts.isFree(kafka)).as("Kafka's port after start-kafka").isFalse();

            Answer restart = ctl("restart inventory-service");
            assertThat(restart.exit()).isEqualTo(1);
            assertThat(restart.text()).startsWith("error:").contains("infra mode");
            assertThat(ctl("stop-everything").text()).startsWith("error: unknown command");
        } finally {
            if (launcher.isAlive()) {
                launcher.destroy();
                launcher.onExit().get(60, TimeUnit.SECONDS);
            }
        }
        Answer afterwards = ctl("stop-kafka");
        assertThat(afterwards.exit()).isEqualTo(1);
        assertThat(afterwards.text()).contains("is not running here");
    }

    private record Answer(int exit, String text) {
    }

    private static Answer ctl(String command) throws Exception {
        List<String> args = new ArrayList<>(List.of("./run-local.sh", "ctl"));
        args.addAll(List.of(command.split(" ")));
        Process ctl = new ProcessBuilder(args).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String text = new String(ctl.getInputStream().readAllBytes()).strip();
        assertThat(ctl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Answer(ctl.exitValue(), text);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
