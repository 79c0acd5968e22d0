package dev.stockpulse.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.json.JsonObject;

/**
 * A real WebSocket client (the JDK's {@code java.net.http.WebSocket}) that keeps every text frame it receives, parsed.
 * <p>
 * Not Vert.x's client: that one drops a frame it reads in the same network read as the 101 answer (the welcome frame,
 * now and then, under concurrent connects). The JDK's keeps those bytes.
 */
public final class WsClient implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();

    private final WebSocket socket;
    private final Frames frames;

    /** What the listener records, on the client's reader thread. */
    private static final class Frames implements WebSocket.Listener {
        final List<JsonObject> received = new CopyOnWriteArrayList<>();
        final StringBuilder partial = new StringBuilder();
        volatile boolean closed;
        volatile int closeStatus = -1;
        volatile Throwable error;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(parse(partial.toString()));
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeStatus = statusCode;
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            this.error = error;
            closed = true;
        }
    }

    /**
     * A plain mapper, not Vert.x's: in the test JVM that one is the application's, which refuses U+0000 in strings
     * (service-commons' StorableTextJackson), while an error frame may quote a client's NUL back, escaped.
     */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    @SuppressWarnings("unchecked")
    public static JsonObject parse(String json) {
        try {
            return new JsonObject(PLAIN.readValue(json, Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + json, e);
        }
    }

    private WsClient(WebSocket socket, Frames frames) {
        this.socket = socket;
        this.frames = frames;
    }

    /** Connects with {@code Authorization: Bearer <token>}; {@code pathAndQuery} like {@code /ws?channels=stock}. */
    public static WsClient connect(URI base, String pathAndQuery, String bearerToken) {
        return connect(base, pathAndQuery, bearerToken == null ? Map.of() : Map.of("Authorization", "Bearer " + bearerToken));
    }

    public static WsClient connect(URI base, String pathAndQuery, Map<String, String> headers) {
        Frames frames = new Frames();
        try {
            return new WsClient(builder(headers).buildAsync(uri(base, pathAndQuery), frames)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS), frames);
        } catch (ExecutionException e) {
            throw new IllegalStateException("WebSocket upgrade failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("WebSocket upgrade did not complete", e);
        }
    }

    /** The HTTP status with which the server refused the upgrade, or empty if it accepted it. */
    public static Optional<Integer> rejectionStatus(URI base, String pathAndQuery, Map<String, String> headers) {
        try {
            WebSocket socket = builder(headers).buildAsync(uri(base, pathAndQuery), new Frames())
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            socket.abort();
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return Optional.of(refused.getResponse().statusCode());
            }
            throw new IllegalStateException("WebSocket upgrade failed without an HTTP status: " + e.getCause(), e);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("WebSocket upgrade did not complete", e);
        }
    }

    private static WebSocket.Builder builder(Map<String, String> headers) {
        // The JDK's client sends no Origin of its own; a test that plays a browser sets one explicitly.
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        headers.forEach(builder::header);
        return builder;
    }

    private static URI uri(URI base, String pathAndQuery) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + pathAndQuery);
    }

    /** Sends a text frame, as a real client would: a send after the server closed the connection is lost. */
    public void send(String text) {
        try {
            socket.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            if (!socket.isOutputClosed() && !frames.closed) {
                throw e;
            }
        }
    }

    /** Sends a binary frame; like {@link #send(String)}, lost if the server closed the connection. */
    public void sendBinary(byte[] data) {
        try {
            socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            if (!socket.isOutputClosed() && !frames.closed) {
                throw e;
            }
        }
    }

    public void send(JsonObject message) {
        send(message.encode());
    }

    /** Waits for the first received frame that matches, and returns it. */
    public JsonObject awaitFrame(Predicate<JsonObject> match) {
        return await().atMost(WAIT).until(() -> frames.received.stream().filter(match).findFirst(), Optional::isPresent)
                .get();
    }

    /** Waits for a frame of this type received after the first {@code skip} frames. */
    public JsonObject awaitFrameAfter(int skip, String type) {
        return await().atMost(WAIT).until(
                () -> frames.received.stream().skip(skip).filter(f -> type.equals(f.getString("type"))).findFirst(),
                Optional::isPresent).get();
    }

    public JsonObject awaitEvent(String eventId) {
        return awaitFrame(f -> "event".equals(f.getString("type")) && eventId.equals(f.getString("event_id")));
    }

    public boolean received(String eventId) {
        return frames.received.stream().anyMatch(f -> eventId.equals(f.getString("event_id")));
    }

    public List<JsonObject> frames() {
        return List.copyOf(frames.received);
    }

    public int frameCount() {
        return frames.received.size();
    }

    /** What ended the connection on the client's side (a protocol error, a frame that is not JSON), if anything. */
    public Optional<Throwable> error() {
        return Optional.ofNullable(frames.error);
    }

    public boolean isClosed() {
        return frames.closed;
    }

    /** Waits until the server closed the connection and returns the close code it sent (-1: none, the TCP connection ended). */
    public int awaitClosed() {
        await().atMost(WAIT).until(() -> frames.closed);
        return frames.closeStatus;
    }

    @Override
    public void close() {
        if (!frames.closed && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .exceptionally(error -> null).join();
        }
        socket.abort();
    }
}
