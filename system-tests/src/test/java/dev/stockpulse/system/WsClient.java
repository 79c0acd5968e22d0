package dev.stockpulse.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real WebSocket client of the gateway (the JDK's, which keeps a frame that arrives in the same read as the 101
 * answer, as the welcome frame may) that keeps every JSON frame it receives, in order.
 */
final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private final List<JsonNode> frames;

    private WsClient(WebSocket socket, List<JsonNode> frames) {
        this.socket = socket;
        this.frames = frames;
    }

    static WsClient connect(int port, String token, String channels) throws Exception {
        List<JsonNode> frames = new CopyOnWriteArrayList<>();
        WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://localhost:" + port + "/ws?channels=" + channels), collector(frames))
                .get(20, TimeUnit.SECONDS);
        return new WsClient(socket, frames);
    }

    private static WebSocket.Listener collector(List<JsonNode> frames) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    try {
                        frames.add(JSON.readTree(text));
                    } catch (Exception e) {
                        throw new IllegalStateException("The gateway sent a frame that is not JSON: " + text, e);
                    }
                }
                ws.request(1);
                return null;
            }
        };
    }

    /** Opens {@code uri} as a browser's {@code new WebSocket(uri)} does: no header, the token in the URL. */
    static WsClient open(String uri) throws Exception {
        List<JsonNode> frames = new CopyOnWriteArrayList<>();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(uri), collector(frames))
                .get(20, TimeUnit.SECONDS);
        return new WsClient(socket, frames);
    }

    void send(String text) {
        socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        Awaitility.await().atMost(timeout).until(() -> frames.stream().anyMatch(match));
        return frames.stream().filter(match).findFirst().orElseThrow();
    }

    List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(error -> null).join();
        socket.abort();
    }
}
