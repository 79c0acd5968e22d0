package dev.stockpulse.gateway.support;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/** A real WebSocket client (Vert.x) that keeps every text frame it receives, parsed. */
public final class WsClient implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebSocketClient client;
    private final WebSocket socket;
    private final List<JsonObject> frames;
    private final CloseState state;

    /** Set by the close handler on the event loop, which may run before the constructor (a refused connection). */
    private static final class CloseState {
        volatile boolean closed;
        volatile Short closeStatus;
    }

    private WsClient(WebSocketClient client, WebSocket socket, List<JsonObject> frames, CloseState state) {
        this.client = client;
        this.socket = socket;
        this.frames = frames;
        this.state = state;
    }

    /** Connects with {@code Authorization: Bearer <token>}; {@code pathAndQuery} like {@code /ws?channels=stock}. */
    public static WsClient connect(Vertx vertx, URI base, String pathAndQuery, String bearerToken) {
        return connect(vertx, base, pathAndQuery, bearerToken == null ? Map.of() : Map.of("Authorization", "Bearer " + bearerToken));
    }

    public static WsClient connect(Vertx vertx, URI base, String pathAndQuery, Map<String, String> headers) {
        return connect(vertx.createWebSocketClient(), base, pathAndQuery, headers);
    }

    /**
     * A client with a small, fixed TCP receive buffer: when it stops reading, the kernel does not absorb megabytes
     * for it (Linux grows receive buffers up to tcp_rmem's maximum otherwise), so the server notices soon.
     */
    public static WsClient connectSmallReceiveBuffer(Vertx vertx, URI base, String pathAndQuery, String bearerToken) {
        return connect(vertx.createWebSocketClient(new WebSocketClientOptions().setReceiveBufferSize(16 * 1024)),
                base, pathAndQuery, Map.of("Authorization", "Bearer " + bearerToken));
    }

    private static WsClient connect(WebSocketClient client, URI base, String pathAndQuery, Map<String, String> headers) {
        List<JsonObject> frames = new CopyOnWriteArrayList<>();
        CloseState state = new CloseState();
        // The handlers are set before the handshake starts, so not even a frame read together with the 101 answer, nor
        // an immediate close by the server, is missed. (Setting them when the connect future completes is too late:
        // Vert.x may hand that first frame on before the future's callbacks run, and drop it.)
        ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        socket.closeHandler(ignored -> {
            state.closeStatus = socket.closeStatusCode();
            state.closed = true;
        });
        try {
            socket.connect(options(base, pathAndQuery, headers))
                    .toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return new WsClient(client, socket, frames, state);
        } catch (ExecutionException e) {
            client.close();
            throw new IllegalStateException("WebSocket upgrade failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            client.close();
            throw new IllegalStateException("WebSocket upgrade did not complete", e);
        }
    }

    /** The HTTP status with which the server refused the upgrade, or empty if it accepted it. */
    public static Optional<Integer> rejectionStatus(Vertx vertx, URI base, String pathAndQuery, Map<String, String> headers) {
        WebSocketClient client = vertx.createWebSocketClient();
        try {
            WebSocket socket = client.connect(options(base, pathAndQuery, headers))
                    .toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            socket.close();
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return Optional.of(rejected.getStatus());
            }
            throw new IllegalStateException("WebSocket upgrade failed without an HTTP status: " + e.getCause(), e);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("WebSocket upgrade did not complete", e);
        } finally {
            client.close();
        }
    }

    private static WebSocketConnectOptions options(URI base, String pathAndQuery, Map<String, String> headers) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(base.getHost())
                .setPort(base.getPort())
                .setURI(pathAndQuery)
                // Vert.x sends an Origin of its own by default; a test that plays a browser sets one explicitly.
                .setAllowOriginHeader(headers.containsKey("Origin"));
        headers.forEach(options::addHeader);
        return options;
    }

    public void send(String text) {
        socket.writeTextMessage(text);
    }

    public void send(JsonObject message) {
        send(message.encode());
    }

    /** Waits for the first received frame that matches, and returns it. */
    public JsonObject awaitFrame(Predicate<JsonObject> match) {
        return await().atMost(WAIT).until(() -> frames.stream().filter(match).findFirst(), Optional::isPresent).get();
    }

    /** Waits for a frame of this type received after the first {@code skip} frames. */
    public JsonObject awaitFrameAfter(int skip, String type) {
        return await().atMost(WAIT).until(
                () -> frames.stream().skip(skip).filter(f -> type.equals(f.getString("type"))).findFirst(),
                Optional::isPresent).get();
    }

    public JsonObject awaitEvent(String eventId) {
        return awaitFrame(f -> "event".equals(f.getString("type")) && eventId.equals(f.getString("event_id")));
    }

    public boolean received(String eventId) {
        return frames.stream().anyMatch(f -> eventId.equals(f.getString("event_id")));
    }

    public List<JsonObject> frames() {
        return List.copyOf(frames);
    }

    public int frameCount() {
        return frames.size();
    }

    public boolean isClosed() {
        return state.closed;
    }

    /** Waits until the server closed the connection and returns the close code it sent. */
    public int awaitClosed() {
        await().atMost(WAIT).until(() -> state.closed);
        return state.closeStatus == null ? -1 : state.closeStatus;
    }

    /** Stops reading from the socket, as a frozen client would: the server's frames pile up in the TCP buffers. */
    public void pause() {
        socket.pause();
    }

    public void resume() {
        socket.resume();
    }

    @Override
    public void close() {
        if (!state.closed) {
            socket.close();
        }
        client.close();
    }
}
