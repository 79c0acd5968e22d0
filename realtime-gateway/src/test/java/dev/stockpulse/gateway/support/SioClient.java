package dev.stockpulse.gateway.support;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.json.JSONObject;

import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import io.vertx.core.json.JsonObject;

/**
 * The official Java Socket.IO client (Engine.IO v4, Socket.IO v5) against the gateway's {@code /socket.io/}, recording
 * every event it gets: its name, payload and offset (the last argument, a string, as Socket.IO's recovery sends it).
 */
public final class SioClient implements AutoCloseable {

    /** One event as received. */
    public record Received(String name, JsonObject payload, String offset) {
    }

    public enum Transports {
        /** The client's default: long-polling first, then the upgrade to WebSocket. */
        POLLING_THEN_WEBSOCKET(Polling.NAME, WebSocket.NAME),
        WEBSOCKET_ONLY(WebSocket.NAME),
        POLLING_ONLY(Polling.NAME);

        final String[] names;

        Transports(String... names) {
            this.names = names;
        }
    }

    private final Socket socket;
    private final List<Received> received = new ArrayList<>();
    private final List<String> connectErrors = new ArrayList<>();
    private final List<String> disconnects = new ArrayList<>();

    private SioClient(Socket socket) {
        this.socket = socket;
        socket.onAnyIncoming(args -> record(args));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> {
            synchronized (connectErrors) {
                connectErrors.add(args.length > 0 && args[0] instanceof JSONObject json ? json.optString("message")
                        : String.valueOf(args.length > 0 ? args[0] : null));
            }
        });
        socket.on(Socket.EVENT_DISCONNECT, args -> {
            synchronized (disconnects) {
                disconnects.add(args.length > 0 ? String.valueOf(args[0]) : "");
            }
        });
    }

    /**
     * @param auth  the connect payload ({@code auth: {token}}), or null
     * @param query the handshake's query ({@code userId=…&token=…}), or null
     */
    public static SioClient connect(URI base, Transports transports, Map<String, String> auth, String query) {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setReconnection(false)
                .setTransports(transports.names)
                .setAuth(auth)
                .setQuery(query)
                .setTimeout(20_000)
                .build();
        SioClient client = new SioClient(IO.socket(base.resolve("/"), options));
        client.socket.connect();
        return client;
    }

    private void record(Object[] args) {
        if (args.length == 0 || !(args[0] instanceof String name)) {
            return;
        }
        JsonObject payload = args.length > 1 && args[1] instanceof JSONObject json ? new JsonObject(json.toString())
                : null;
        String offset = args.length > 2 && args[args.length - 1] instanceof String text ? text : null;
        synchronized (received) {
            received.add(new Received(name, payload, offset));
        }
    }

    public Socket socket() {
        return socket;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<Received> received(String name) {
        return received().stream().filter(event -> event.name().equals(name)).toList();
    }

    /** Waits for the first event of that name. */
    public Received await(String name) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !received(name).isEmpty());
        return received(name).get(0);
    }

    public List<String> connectErrors() {
        synchronized (connectErrors) {
            return List.copyOf(connectErrors);
        }
    }

    public List<String> disconnects() {
        synchronized (disconnects) {
            return List.copyOf(disconnects);
        }
    }

    public String awaitConnectError() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !connectErrors().isEmpty());
        return connectErrors().get(0);
    }

    /** Emits an event and waits for its acknowledgement. */
    public JsonObject emitWithAck(String name, Object... args) throws Exception {
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        socket.emit(name, args, ackArgs -> answer.complete(
                ackArgs.length > 0 && ackArgs[0] instanceof JSONObject json ? new JsonObject(json.toString())
                        : new JsonObject()));
        return answer.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }
}
