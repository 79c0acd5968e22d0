package dev.stockpulse.system;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

/** A real WebSocket client of the gateway that keeps every JSON frame it receives, in order. */
final class WsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final WebSocket socket;
    private final List<JsonNode> frames;

    private WsClient(HttpClient http, WebSocket socket, List<JsonNode> frames) {
        this.http = http;
        this.socket = socket;
        this.frames = frames;
    }

    static WsClient connect(Vertx vertx, int port, String token, String channels) throws Exception {
        HttpClient http = vertx.createHttpClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost("localhost").setPort(port).setURI("/ws?channels=" + channels)
                .addHeader("Authorization", "Bearer " + token);
        List<JsonNode> frames = new CopyOnWriteArrayList<>();
        // The handler is set on the event loop as the upgrade completes, so not even the welcome frame slips past.
        WebSocket socket = http.webSocket(options).map(ws -> {
            ws.textMessageHandler(text -> {
                try {
                    frames.add(JSON.readTree(text));
                } catch (Exception e) {
                    throw new IllegalStateException("The gateway sent a frame that is not JSON: " + text, e);
                }
            });
            return ws;
        }).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        return new WsClient(http, socket, frames);
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
        socket.close();
        http.close();
    }
}
