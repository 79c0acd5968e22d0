package dev.stockpulse.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.FreePorts;
import dev.stockpulse.localstack.Infrastructure;
import dev.stockpulse.localstack.LocalStack;
import dev.stockpulse.localstack.ServiceProcess;
import dev.stockpulse.localstack.StockPulseService;
import io.vertx.core.json.JsonObject;

/**
 * The browser library itself, Node's official {@code socket.io-client} 4.x, against a packaged gateway: a default
 * {@code io(url, {auth})} client (long-polling, then the upgrade) and seed 002's WebSocket-first client connect, get an
 * event, and after the gateway restarted reconnect by themselves with {@code socket.recovered} true and the events
 * they missed. Runs where {@code node} and {@code npm} are installed and the npm registry answers (npm fetches the
 * client into target/); skipped otherwise, with the reason.
 */
class SocketIoNodeClientIT {

    private static final Path JAR = StockPulseService.GATEWAY.jar(Path.of("..").toAbsolutePath().normalize());
    private static final Path LOGS = Path.of("target", "it-logs");
    private static final Path NODE = Path.of("target", "node-socketio").toAbsolutePath();

    private static Infrastructure infra;
    private static TestEvents events;
    private static ServiceProcess gateway;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node and npm are not installed");
        installClient();
        infra = LocalStack.shared();
        events = new TestEvents(infra.kafkaBootstrapServers());
        port = FreePorts.find();
        gateway = startGateway("socketio");
        gateway.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {gateway, events}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void theBrowserLibraryConnectsGetsEventsAndIsRecoveredAfterAGatewayRestart() throws Exception {
        String tenant = "tenant-node-" + UUID.randomUUID().toString().substring(0, 8);
        Process node = new ProcessBuilder("node", "clients.mjs", gateway.baseUrl(), DevTokens.user(tenant, "alice"))
                .directory(NODE.toFile()).redirectErrorStream(true).start();
        List<JsonObject> lines = new ArrayList<>();
        Thread reader = readLines(node.getInputStream(), lines);
        try {
            for (String client : List.of("default", "seed002")) {
                awaitLine(lines, client, "event", "connection:success");
            }
            assertThat(first(lines, "default", "open", null).getString("transport")).isEqualTo("polling");
            assertThat(awaitLine(lines, "default", "upgrade", null).getString("transport")).isEqualTo("websocket");
            assertThat(first(lines, "seed002", "open", null).getString("transport")).isEqualTo("websocket");
            assertThat(first(lines, "default", "connect", null).getBoolean("recovered")).isFalse();

            events.send(TestEvents.notification(tenant, "alice"), "alice");
            for (String client : List.of("default", "seed002")) {
                JsonObject notification = awaitLine(lines, client, "event", "notification");
                assertThat(notification.getJsonObject("payload").getString("title")).isEqualTo("Order shipped");
                assertThat(notification.getString("offset")).isNotBlank();
            }

            gateway.close();
            events.send(TestEvents.orderCreated(tenant, "alice", "missed-1"), "alice");
            events.send(TestEvents.orderCreated(tenant, "alice", "missed-2"), "alice");
            gateway = startGateway("socketio-restarted");
            gateway.awaitReady(Duration.ofSeconds(90));

            for (String client : List.of("default", "seed002")) {
                try {
                    await(client + " reconnected").atMost(Duration.ofSeconds(60))
                            .until(() -> all(lines, client, "connect", null).size() == 2);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError(client + " did not reconnect; the clients printed " + copy(lines), e);
                }
                assertThat(all(lines, client, "connect", null).get(1).getBoolean("recovered"))
                        .as("%s: socket.recovered after the restart", client).isTrue();
                await(client + " got what it missed").atMost(Duration.ofSeconds(20))
                        .until(() -> all(lines, client, "event", "order:created").size() == 2);
                assertThat(all(lines, client, "event", "order:created"))
                        .extracting(line -> line.getJsonObject("payload").getString("orderId"))
                        .containsExactly("missed-1", "missed-2");
            }
        } finally {
            node.getOutputStream().close();
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
            reader.join(5_000);
        }
    }

    private static ServiceProcess startGateway(String name) {
        return ServiceProcess.start(StockPulseService.GATEWAY, JAR, port, Map.of("QUARKUS_PROFILE", "local",
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers()), LOGS.resolve(name));
    }

    private static void installClient() throws IOException, InterruptedException {
        Files.createDirectories(NODE);
        try (InputStream script = SocketIoNodeClientIT.class.getResourceAsStream("/socketio/clients.mjs")) {
            Files.write(NODE.resolve("clients.mjs"), script.readAllBytes());
        }
        if (Files.isDirectory(NODE.resolve("node_modules/socket.io-client"))) {
            return;
        }
        Files.writeString(NODE.resolve("package.json"), "{\"private\":true,\"type\":\"module\"}");
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                "socket.io-client@4").directory(NODE.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Like node itself, the npm registry is this machine's, not the gateway's: without it the test is skipped,
        // saying why, rather than failing the build.
        Assumptions.assumeTrue(npm.waitFor(180, TimeUnit.SECONDS) && npm.exitValue() == 0,
                () -> "npm could not install socket.io-client@4 into " + NODE + ": " + output);
    }

    private static boolean onPath(String command) {
        try {
            return new ProcessBuilder(command, "--version").redirectErrorStream(true).start().waitFor(30,
                    TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Thread readLines(InputStream output, List<JsonObject> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    JsonObject record = line.startsWith("{") ? new JsonObject(line)
                            : new JsonObject().put("kind", "output").put("text", line);
                    synchronized (lines) {
                        lines.add(record);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "node-socketio-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static List<JsonObject> copy(List<JsonObject> lines) {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private static List<JsonObject> all(List<JsonObject> lines, String client, String kind, String name) {
        synchronized (lines) {
            return lines.stream().filter(line -> client.equals(line.getString("client"))
                    && kind.equals(line.getString("kind")) && (name == null || name.equals(line.getString("name"))))
                    .toList();
        }
    }

    private static JsonObject first(List<JsonObject> lines, String client, String kind, String name) {
        return all(lines, client, kind, name).get(0);
    }

    private static JsonObject awaitLine(List<JsonObject> lines, String client, String kind, String name) {
        await(client + " " + kind + " " + name + " in " + lines).atMost(Duration.ofSeconds(30))
                .until(() -> !all(lines, client, kind, name).isEmpty());
        return first(lines, client, kind, name);
    }
}
