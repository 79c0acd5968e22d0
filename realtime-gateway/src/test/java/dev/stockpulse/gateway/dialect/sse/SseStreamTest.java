package dev.stockpulse.gateway.dialect.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.Priority;
import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.SlowTokenVerification;
import dev.stockpulse.gateway.support.TestEvents.Sent;
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/** The same stream over Server-Sent Events, read by a real HTTP client as an EventSource would. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class SseStreamTest extends LiveGatewayTest {

    SseStreamTest() {
        super("tenant-s");
    }

    private HttpClient http;

    @BeforeEach
    void setUp() {
        http = vertx.createHttpClient();
    }

    @AfterEach
    void tearDown() {
        http.close();
    }

    /** One SSE message: its fields as received. */
    record Message(String event, String id, String data) {
        JsonObject json() {
            return new JsonObject(data);
        }
    }

    @Test
    void eventsArriveWithTheirTypeAndPositionAndLastEventIdResumes() throws Exception {
        String token = DevTokens.user(tenant, "alice");
        List<Message> first = new CopyOnWriteArrayList<>();
        HttpClientResponse stream = open("/stream/events?format=stockpulse&channels=stock",
                Map.of("Authorization", "Bearer " + token), first);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.getHeader("Content-Type")).startsWith("text/event-stream");
        awaitMessage(first, m -> "welcome".equals(m.event()));

        Sent seen = events.send(TestEvents.lowStock(tenant, "p1", Priority.HIGH), "p1", 1);
        Message event = awaitMessage(first, m -> seen.eventId().equals(m.json().getString("event_id")));
        assertThat(event.event()).isEqualTo("inventory.low_stock");
        assertThat(event.id()).isEqualTo(event.json().getString("position"));
        stream.request().connection().close();

        Sent missed = events.send(TestEvents.lowStock(tenant, "p2", Priority.LOW), "p2", 1);
        Sent otherChannel = events.send(TestEvents.alertRaised(tenant, "p3"), "p3", 1);

        List<Message> second = new CopyOnWriteArrayList<>();
        open("/stream/events?format=stockpulse&channels=stock&access_token=" + token,
                Map.of("Last-Event-ID", event.id()), second);
        Message recovery = awaitMessage(second, m -> "recovery".equals(m.event()));
        assertThat(recovery.json().getBoolean("recovered")).isTrue();
        awaitMessage(second, m -> missed.eventId().equals(m.json().getString("event_id")));
        Sent live = events.send(TestEvents.lowStock(tenant, "p4", Priority.LOW), "p4", 1);
        awaitMessage(second, m -> live.eventId().equals(m.json().getString("event_id")));
        assertThat(second).extracting(Message::event)
                .containsExactly("welcome", "recovery", "inventory.low_stock", "inventory.low_stock");
        assertThat(second).noneMatch(m -> otherChannel.eventId().equals(m.json().getString("event_id")));
    }

    @Test
    void anEventPublishedTwiceArrivesOnceLiveAndOnceInTheReplay() throws Exception {
        String token = DevTokens.user(tenant, "alice");
        List<Message> live = new CopyOnWriteArrayList<>();
        HttpClientResponse stream = open("/stream/events?format=stockpulse&channels=stock&access_token=" + token,
                Map.of(), live);
        String beforeBoth = awaitMessage(live, m -> "welcome".equals(m.event())).json().getString("position");

        EventEnvelope<?> event = TestEvents.lowStock(tenant, "p1", Priority.HIGH);
        Sent original = events.send(event, "p1", 2);
        events.send(event, "p1", 2);
        Sent after = events.send(TestEvents.lowStock(tenant, "p2", Priority.LOW), "p2", 2);
        awaitMessage(live, m -> after.eventId().equals(m.json().getString("event_id")));
        stream.request().connection().close();
        assertThat(eventIds(live)).as("live").containsExactly(original.eventId(), after.eventId());

        List<Message> replayed = new CopyOnWriteArrayList<>();
        open("/stream/events?format=stockpulse&channels=stock&access_token=" + token,
                Map.of("Last-Event-ID", beforeBoth), replayed);
        assertThat(awaitMessage(replayed, m -> "recovery".equals(m.event())).json().getBoolean("recovered")).isTrue();
        awaitMessage(replayed, m -> after.eventId().equals(m.json().getString("event_id")));
        assertThat(eventIds(replayed)).as("replayed").containsExactly(original.eventId(), after.eventId());
    }

    private static List<String> eventIds(List<Message> messages) {
        return messages.stream().filter(m -> m.id() != null).map(m -> m.json().getString("event_id")).toList();
    }

    @Test
    void aCraftedLastEventIdIsAnErrorAndNotRecoveredAndTheStreamStaysOpen() throws Exception {
        String token = DevTokens.user(tenant, "mallory");
        List<Message> received = new CopyOnWriteArrayList<>();
        // version 1, then a topic index as a 10-byte varint
        HttpClientResponse stream = open("/stream/events?format=stockpulse&channels=stock", Map.of("Authorization",
                "Bearer " + token,
                "Last-Event-ID", "Af___________wEAAA"), received);
        assertThat(stream.statusCode()).isEqualTo(200);
        Message error = awaitMessage(received, m -> "error".equals(m.event()));
        assertThat(error.json().getString("code")).isEqualTo("bad_request");
        assertThat(awaitMessage(received, m -> "recovery".equals(m.event())).json().getBoolean("recovered")).isFalse();

        Sent live = events.send(TestEvents.lowStock(tenant, "p1", Priority.LOW), "p1", 1);
        awaitMessage(received, m -> live.eventId().equals(m.json().getString("event_id")));
        stream.request().connection().close();
    }

    @Test
    void withoutATokenTheStreamIsRefused() throws Exception {
        HttpClientResponse response = open("/stream/events?format=stockpulse", Map.of(), new CopyOnWriteArrayList<>());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void clientsThatLeaveWhileTheirTokenIsVerifiedDoNotLockTheUserOut() throws Exception {
        String user = SlowTokenVerification.PREFIX + "carol";
        String token = DevTokens.user(tenant, user);
        int leavers = 6;
        int finishedBefore = SlowTokenVerification.finished();
        // More clients than the per-user cap (4 in the test profile): each sends its request and leaves at once,
        // while its token is still being verified.
        for (int i = 0; i < leavers; i++) {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.getOutputStream().write(("GET /stream/events?format=stockpulse&channels=stock HTTP/1.1\r\nHost: "
                        + base.getHost()
                        + "\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> SlowTokenVerification.finished() - finishedBefore >= leavers);

        List<Message> messages = new CopyOnWriteArrayList<>();
        open("/stream/events?format=stockpulse&channels=stock", Map.of("Authorization", "Bearer " + token), messages);
        Message first = awaitMessage(messages, m -> m.event() != null);
        assertThat(first.event()).as("the user still gets a stream: " + first.data()).isEqualTo("welcome");
    }

    /**
     * Seed 000's example as written ({@code onmessage} for every event, {@code addEventListener('stock.low')} for low
     * stock), with only the token added: the default format sends each event named and unnamed, both resumable.
     */
    @Test
    void seed000sEventSourceGetsEveryEventInOnmessageAndStockLowByNameAndResumes() throws Exception {
        String token = DevTokens.user(tenant, "alice");
        List<Message> messages = new CopyOnWriteArrayList<>();
        open("/stream/events?channels=orders,stock&access_token=" + token, Map.of(), messages);
        awaitMessage(messages, m -> "welcome".equals(m.event()));
        Sent low = events.send(TestEvents.lowStock(tenant, "P001", Priority.HIGH), "P001");
        Sent order = events.send(TestEvents.orderCreated(tenant, "alice", "o-1"), "o-1");

        Message named = awaitMessage(messages, m -> "stock.low".equals(m.event()));
        assertThat(named.json().getString("event_type")).isEqualTo("stock.low");
        assertThat(named.json().getJsonObject("data").getInteger("reorder_threshold")).isEqualTo(10);
        assertThat(named.id()).isEqualTo(named.json().getString("position"));
        awaitMessage(messages, m -> m.event() == null && order.eventId().equals(m.json().getString("event_id")));
        List<Message> onmessage = messages.stream().filter(m -> m.event() == null).toList();
        assertThat(onmessage).extracting(m -> m.json().getString("event_id"))
                .containsExactlyInAnyOrder(low.eventId(), order.eventId());
        assertThat(onmessage).extracting(m -> m.json().getString("event_type"))
                .containsExactlyInAnyOrder("stock.low", "order.created");
        assertThat(onmessage).allMatch(m -> m.id() != null);

        Sent missed = events.send(TestEvents.stockUpdated(tenant, "P001", 8, 6), "P001");
        List<Message> resumed = new CopyOnWriteArrayList<>();
        open("/stream/events?channels=stock&access_token=" + token, Map.of("Last-Event-ID", named.id()), resumed);
        assertThat(awaitMessage(resumed, m -> "recovery".equals(m.event())).json().getBoolean("recovered")).isTrue();
        Message replayed = awaitMessage(resumed, m -> "stock.updated".equals(m.event()));
        assertThat(replayed.json().getString("event_id")).isEqualTo(missed.eventId());
    }

    @Test
    void anUnknownFormatIsRefused() throws Exception {
        HttpClientResponse response = open("/stream/events?format=xml&access_token="
                + DevTokens.user(tenant, "alice"), Map.of(), new CopyOnWriteArrayList<>());
        assertThat(response.statusCode()).isEqualTo(400);
    }

    private HttpClientResponse open(String pathAndQuery, Map<String, String> headers, List<Message> sink)
            throws Exception {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost())
                .setPort(base.getPort()).setURI(pathAndQuery);
        headers.forEach(options::addHeader);
        // The body handler is registered before the request is sent, so it runs on the event loop as the answer's
        // head arrives: set later, from this thread, it could miss the first chunks or find the answer already ended.
        return http.request(options).compose(request -> {
            var answer = request.response().map(response -> {
                StringBuilder pending = new StringBuilder();
                response.handler(chunk -> {
                    pending.append(chunk.toString());
                    int end;
                    while ((end = pending.indexOf("\n\n")) >= 0) {
                        parse(pending.substring(0, end)).ifPresent(sink::add);
                        pending.delete(0, end + 2);
                    }
                });
                return response;
            });
            request.end();
            return answer;
        }).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static Optional<Message> parse(String block) {
        String event = null;
        String id = null;
        String data = null;
        for (String line : block.split("\n")) {
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            }
        }
        return data == null ? Optional.empty() : Optional.of(new Message(event, id, data));
    }

    private static Message awaitMessage(List<Message> messages, java.util.function.Predicate<Message> match) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> messages.stream().filter(match).findFirst(), Optional::isPresent).get();
    }
}
