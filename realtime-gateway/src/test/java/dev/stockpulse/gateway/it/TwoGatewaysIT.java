package dev.stockpulse.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.Priority;
import dev.stockpulse.gateway.support.TestEvents.Sent;
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.FreePorts;
import dev.stockpulse.localstack.Infrastructure;
import dev.stockpulse.localstack.LocalStack;
import dev.stockpulse.localstack.ServiceProcess;
import dev.stockpulse.localstack.StockPulseService;
import io.vertx.core.json.JsonObject;

/**
 * Two gateways side by side on one broker, each started from the packaged jar as its own process (this runs after
 * {@code package}, in failsafe). Each delivers every event to its own clients, and a client comes back after a
 * gateway restart, or to the other gateway, with its position and gets what it missed, and no event twice.
 */
class TwoGatewaysIT {

    private static final Path JAR = StockPulseService.GATEWAY.jar(Path.of("..").toAbsolutePath().normalize());
    private static final Path LOGS = Path.of("target", "it-logs");

    private static Infrastructure infra;
    private static TestEvents events;
    private static ServiceProcess gatewayA;
    private static ServiceProcess gatewayB;
    private static int portA;

    @BeforeAll
    static void start() {
        infra = LocalStack.shared();
        events = new TestEvents(infra.kafkaBootstrapServers());
        portA = FreePorts.find();
        gatewayA = start("a", portA);
        gatewayB = start("b", FreePorts.find());
        gatewayA.awaitReady(Duration.ofSeconds(90));
        gatewayB.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {gatewayA, gatewayB, events}) {
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
    void eachGatewayDeliversEveryEventToItsOwnClients() {
        String tenant = tenant();
        try (WsClient onA = connect(gatewayA, "/ws?channels=stock", DevTokens.user(tenant, "alice"));
                WsClient onB = connect(gatewayB, "/ws?channels=stock", DevTokens.user(tenant, "bob"))) {
            Sent sent = events.send(TestEvents.lowStock(tenant, "p1", Priority.HIGH), "p1");

            JsonObject atA = onA.awaitEvent(sent.eventId());
            JsonObject atB = onB.awaitEvent(sent.eventId());
            assertThat(atA.getJsonObject("data")).isEqualTo(atB.getJsonObject("data"));
        }
    }

    @Test
    void aClientComesBackAfterItsGatewayRestartedOrOnTheOtherGatewayAndGetsWhatItMissed() {
        String tenant = tenant();
        String token = DevTokens.user(tenant, "alice");
        String position;
        try (WsClient before = connect(gatewayA, "/ws?channels=stock", token)) {
            Sent seen = events.send(TestEvents.lowStock(tenant, "p0", Priority.LOW), "p0", 0);
            position = before.awaitEvent(seen.eventId()).getString("position");
        }

        gatewayA.close();
        EventEnvelope<?> retried = TestEvents.lowStock(tenant, "p1", Priority.LOW);
        List<String> missed = List.of(
                events.send(retried, "p1", 0).eventId(),
                events.send(TestEvents.lowStock(tenant, "p2", Priority.LOW), "p2", 1).eventId(),
                events.send(TestEvents.lowStock(tenant, "p3", Priority.LOW), "p3", 0).eventId());
        // The relay's retry of a send it gave up on that Kafka had in fact written: the same event at a later offset.
        events.send(retried, "p1", 0);
        gatewayA = start("a-restarted", portA);
        gatewayA.awaitReady(Duration.ofSeconds(90));

        String since = URLEncoder.encode(position, StandardCharsets.UTF_8);
        try (WsClient afterRestart = connect(gatewayA, "/ws?channels=stock&since=" + since, token);
                WsClient onOther = connect(gatewayB, "/ws?channels=stock&since=" + since, token)) {
            for (WsClient client : List.of(afterRestart, onOther)) {
                JsonObject recovery = client.awaitFrame(f -> "recovery".equals(f.getString("type")));
                assertThat(recovery.getBoolean("recovered")).isTrue();
                assertThat(recovery.getInteger("replayed")).isEqualTo(3);
                missed.forEach(client::awaitEvent);
                assertThat(client.frames()).filteredOn(f -> "event".equals(f.getString("type")))
                        .extracting(f -> f.getString("event_id")).containsExactlyInAnyOrderElementsOf(missed);
            }
        }
    }

    /**
     * A client moves from A to B, which had fallen behind (stopped with SIGSTOP while A read on), with A's position:
     * B sends nothing the client had from A, drops a copy of an event A had delivered, and loses nothing after it.
     */
    @Test
    void aPositionFromTheGatewayAheadMakesTheLaggingOneNeitherResendNorLose() throws Exception {
        String tenant = tenant();
        String token = DevTokens.user(tenant, "alice");
        EventEnvelope<?> event = TestEvents.lowStock(tenant, "p1", Priority.LOW);
        signal(gatewayB, "STOP");
        try {
            String position;
            try (WsClient onA = connect(gatewayA, "/ws?channels=stock", token)) {
                Sent original = events.send(event, "p1", 1);
                events.send(event, "p1", 1);
                Sent next = events.send(TestEvents.lowStock(tenant, "p2", Priority.LOW), "p2", 1);
                position = onA.awaitEvent(next.eventId()).getString("position");
                assertThat(eventIds(onA)).containsExactly(original.eventId(), next.eventId());
            }
            events.send(event, "p1", 1);
            Sent after = events.send(TestEvents.lowStock(tenant, "p3", Priority.LOW), "p3", 1);

            signal(gatewayB, "CONT");
            try (WsClient onB = connect(gatewayB,
                    "/ws?channels=stock&since=" + URLEncoder.encode(position, StandardCharsets.UTF_8), token)) {
                assertThat(onB.awaitFrame(f -> "recovery".equals(f.getString("type"))).getBoolean("recovered"))
                        .isTrue();
                onB.awaitEvent(after.eventId());
                assertThat(eventIds(onB)).containsExactly(after.eventId());
            }
        } finally {
            signal(gatewayB, "CONT");
        }
    }

    /**
     * A gateway that starts after an event left its recovery window (a fresh instance with a 3 s window) still knows
     * it: a copy published later reaches none of its clients, here one that had the original from the other gateway.
     */
    @Test
    void aGatewayStartedLaterRecognisesACopyOfAnEventBeforeItsRecoveryWindow() {
        String tenant = tenant();
        String token = DevTokens.user(tenant, "alice");
        EventEnvelope<?> event = TestEvents.lowStock(tenant, "p1", Priority.LOW);
        String position;
        long sentAt;
        try (WsClient onA = connect(gatewayA, "/ws?channels=stock", token)) {
            Sent original = events.send(event, "p1", 2);
            sentAt = System.nanoTime();
            position = onA.awaitEvent(original.eventId()).getString("position");
        }
        Duration window = Duration.ofSeconds(3);
        // The condition under test is an original older than the new gateway's window when it starts.
        Duration older = window.plusSeconds(1).minusNanos(System.nanoTime() - sentAt);
        await().pollDelay(older.isNegative() ? Duration.ZERO : older).until(() -> true);
        try (ServiceProcess gatewayC = start("c-short-window", FreePorts.find(),
                Map.of("GATEWAY_RECOVERY_WINDOW", window.toSeconds() + "s"))) {
            gatewayC.awaitReady(Duration.ofSeconds(90));
            try (WsClient onC = connect(gatewayC,
                    "/ws?channels=stock&since=" + URLEncoder.encode(position, StandardCharsets.UTF_8), token)) {
                events.send(event, "p1", 2);
                Sent next = events.send(TestEvents.lowStock(tenant, "p2", Priority.LOW), "p2", 2);
                onC.awaitEvent(next.eventId());
                assertThat(eventIds(onC)).containsExactly(next.eventId());
            }
        }
    }

    /**
     * A busy room: more events in the recovery window than a room keeps (an instance with a room capacity of 10),
     * spread over three partitions. The restarted instance keeps the room's latest events, as it did before the
     * restart, so a client that missed the last three gets them. (Rebuilt in the order Kafka's polls return the
     * records, one partition after another, the room kept old events of two partitions and evicted the third's
     * recent ones, and the client was told recovered:false.)
     */
    @Test
    void aClientOfARoomBusierThanItsBufferIsRecoveredAfterARestart() {
        String tenant = tenant();
        String token = DevTokens.user(tenant, "alice");
        int port = FreePorts.find();
        Map<String, String> smallRooms = Map.of("GATEWAY_RECOVERY_ROOM_CAPACITY", "10");
        ServiceProcess gatewayD = start("d-small-rooms", port, smallRooms);
        try {
            gatewayD.awaitReady(Duration.ofSeconds(90));
            String position;
            try (WsClient before = connect(gatewayD, "/ws?channels=stock", token)) {
                Sent last = null;
                for (int i = 0; i < 12; i++) {
                    last = sendInItsOwnMillisecond(tenant, i);
                }
                position = before.awaitEvent(last.eventId()).getString("position");
            }
            gatewayD.close();
            List<String> missed = List.of(sendInItsOwnMillisecond(tenant, 12).eventId(),
                    sendInItsOwnMillisecond(tenant, 13).eventId(), sendInItsOwnMillisecond(tenant, 14).eventId());
            gatewayD = start("d-small-rooms-restarted", port, smallRooms);
            gatewayD.awaitReady(Duration.ofSeconds(90));

            try (WsClient after = connect(gatewayD,
                    "/ws?channels=stock&since=" + URLEncoder.encode(position, StandardCharsets.UTF_8), token)) {
                JsonObject recovery = after.awaitFrame(f -> "recovery".equals(f.getString("type")));
                assertThat(recovery.getBoolean("recovered")).as("recovered after the restart").isTrue();
                assertThat(recovery.getInteger("replayed")).isEqualTo(3);
                missed.forEach(after::awaitEvent);
                assertThat(eventIds(after)).containsExactlyElementsOf(missed);
            }
        } finally {
            gatewayD.close();
        }
    }

    /**
     * Event {@code i} of the tenant, on partition {@code i % 3}, with a timestamp of its own: the order the events
     * were written in is then the order of their timestamps.
     */
    private static Sent sendInItsOwnMillisecond(String tenant, int i) {
        long previous = System.currentTimeMillis();
        await().pollInterval(Duration.ofMillis(1)).until(() -> System.currentTimeMillis() > previous);
        return events.send(TestEvents.lowStock(tenant, "p" + i, Priority.LOW), "p" + i, i % 3);
    }

    private static List<String> eventIds(WsClient client) {
        return client.frames().stream().filter(f -> "event".equals(f.getString("type")))
                .map(f -> f.getString("event_id")).toList();
    }

    private static void signal(ServiceProcess gateway, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(gateway.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static ServiceProcess start(String name, int port) {
        return start(name, port, Map.of());
    }

    private static ServiceProcess start(String name, int port, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("QUARKUS_PROFILE", "local");
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        return ServiceProcess.start(StockPulseService.GATEWAY, JAR, port, env, LOGS.resolve(name));
    }

    private static WsClient connect(ServiceProcess gateway, String pathAndQuery, String token) {
        WsClient client = WsClient.connect(URI.create(gateway.baseUrl()), pathAndQuery, token);
        client.awaitFrame(f -> "welcome".equals(f.getString("type")));
        return client;
    }

    private static String tenant() {
        return "tenant-it-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
