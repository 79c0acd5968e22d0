package dev.stockpulse.gateway.dialect.socketio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.delivery.Transport;
import dev.stockpulse.gateway.core.room.ConnectedUser;
import dev.stockpulse.gateway.dialect.socketio.SocketIoFrames.Packet;
import dev.stockpulse.gateway.internal.VertxInternals;
import dev.stockpulse.gateway.internal.VertxInternals.RawChannel;

/**
 * One Engine.IO session and the Socket.IO connection on it, as the core's {@link Transport}. It starts on HTTP
 * long-polling (packets wait here until the client's next GET takes them) or on a WebSocket, and may move from
 * polling to a WebSocket once (Engine.IO's upgrade); the core does not notice. Everything runs on the event loop of
 * the request that opened the session ({@link #execute}), whatever connection a later request comes in on.
 *
 * <p>The core's frames are turned into Socket.IO packets here: an event frame into its events for this client
 * ({@link SocketIoFrames}, built once per frame for every Socket.IO connection), the welcome into Socket.IO's
 * connect answer and {@code connection:success}. A client that came back with a position gets its connect answer
 * only with the recovery's outcome: the pid it sent if every missed event follows ({@code socket.recovered}), a new
 * one if not.
 */
final class EngineSession implements Transport {

    /** Polling: bytes waiting for the client's next GET before the session counts as not writable. */
    static final int POLL_HIGH_WATER = 64 * 1024;
    private static final int POLL_LOW_WATER = 32 * 1024;
    private static final long WRITABLE_POLL_MILLIS = 5;
    private static final byte[] PING = {SocketIoPackets.PING};

    final String sid;
    private final Context context;
    private final Object loopKey;
    private final EngineSessions owner;

    // Event loop only, from here on.
    private final List<byte[]> pending = new ArrayList<>();
    private int pendingBytes;
    private HttpServerResponse heldPoll;
    private Runnable onWritable;
    private ServerWebSocket webSocket;
    private RawChannel channel;
    private boolean closed;

    /** From the handshake request: a token and the userId seed 002 sends in the query. */
    String handshakeToken;
    String claimedUserId;
    /** Its token is being verified. */
    boolean connecting;
    /** The connected client, once its CONNECT was accepted. */
    ConnectedUser user;
    boolean adminSubscribed;
    /** The pid the client came back with, while the recovery's outcome is awaited. */
    String returningPid;
    boolean awaitingRecovery;
    private ObjectNode heldWelcome;
    private String pid;

    EngineSession(String sid, Context context, EngineSessions owner) {
        this.sid = sid;
        this.context = context;
        this.loopKey = VertxInternals.eventLoopOf(context);
        this.owner = owner;
    }

    boolean isClosed() {
        return closed;
    }

    boolean onWebSocket() {
        return webSocket != null;
    }

    // ---- Transport, for the core

    @Override
    public void execute(Runnable task) {
        context.runOnContext(ignored -> task.run());
    }

    @Override
    public Object loopKey() {
        return loopKey;
    }

    @Override
    public void write(OutFrame frame) {
        if (frame.isEvent()) {
            boolean admin = adminSubscribed;
            for (Packet packet : frame.as(SocketIoFrames.FORM)) {
                if (packet.isFor(user.userId(), admin)) {
                    if (channel != null) {
                        channel.writeEncoded(packet.webSocketFrame());
                    } else {
                        queue(packet.text());
                    }
                }
            }
            return;
        }
        for (byte[] text : ControlFrames.translate(frame, this)) {
            send(text);
        }
    }

    /** The welcome, as {@code connection:success}: sent with the connect answer, or held until recovery is known. */
    List<byte[]> welcomed(ObjectNode connectionSuccess) {
        heldWelcome = connectionSuccess;
        return awaitingRecovery ? List.of() : connectAnswer(false);
    }

    /** Recovery's outcome is known: the connect answer, then the welcome that waited for it. */
    List<byte[]> connectAnswer(boolean recovered) {
        boolean returning = awaitingRecovery;
        pid = recovered && returningPid != null ? returningPid : owner.newPid();
        awaitingRecovery = false;
        returningPid = null;
        List<byte[]> packets = new ArrayList<>(2);
        packets.add(SocketIoPackets.connected(sid, pid).getBytes(StandardCharsets.UTF_8));
        if (heldWelcome != null) {
            // For clients without Socket.IO's recovery (the Java client): the outcome, as /ws's recovery frame says it.
            if (returning) {
                heldWelcome.put("recovered", recovered);
            }
            // Its position as the offset: a client that reconnects before any event still recovers what it missed.
            packets.add(SocketIoPackets.event("\"connection:success\"", ControlFrames.write(heldWelcome) + ","
                    + ControlFrames.quote(heldWelcome.path("position").asText())));
            heldWelcome = null;
        }
        return packets;
    }

    /** The connect answer went out: the client is connected. */
    boolean isConnected() {
        return pid != null;
    }

    @Override
    public void flush() {
        if (channel != null) {
            channel.flush();
        } else if (heldPoll != null && !pending.isEmpty()) {
            answerPoll();
        }
    }

    @Override
    public boolean writable() {
        if (closed) {
            return false;
        }
        return channel != null ? channel.isWritable() : pendingBytes < POLL_HIGH_WATER;
    }

    @Override
    public long bytesBeforeWritable() {
        if (channel != null) {
            return channel.bytesBeforeWritable();
        }
        return pendingBytes < POLL_HIGH_WATER ? 0 : pendingBytes - POLL_LOW_WATER + 1;
    }

    @Override
    public void whenWritable(Runnable task) {
        if (closed) {
            return;
        }
        if (channel != null) {
            if (!channel.isActive()) {
                return;
            }
            if (channel.isWritable()) {
                task.run();
            } else {
                channel.schedule(() -> execute(() -> whenWritable(task)), WRITABLE_POLL_MILLIS);
            }
            return;
        }
        if (pendingBytes < POLL_LOW_WATER) {
            task.run();
        } else {
            onWritable = task;
        }
    }

    @Override
    public void ping() {
        send(PING);
        flush();
    }

    /**
     * Socket.IO has no close codes: the client is told the code and reason in a {@code stockpulse:close} event. An
     * expired token ends the Socket.IO connection ({@code 41}: the client does not reconnect by itself; it needs a new
     * token); every other close ends the Engine.IO session, and the client reconnects with its pid and offset. A
     * client refused before it was connected gets a {@code connect_error}.
     */
    @Override
    public void close(CloseCode code) {
        execute(() -> {
            if (closed) {
                return;
            }
            if (!isConnected() && code == CloseCode.GOING_AWAY) {
                // The gateway is shutting down: a closed engine makes the client try again (elsewhere) by itself.
                end(code);
                return;
            }
            if (!isConnected()) {
                // Refused while connecting (the per-user cap): a connect_error, which the client does not retry.
                send(SocketIoPackets.connectError(SocketIoPackets.MAIN_NAMESPACE, ControlFrames.quote(code.reason()))
                        .getBytes(StandardCharsets.UTF_8));
                user = null;
                awaitingRecovery = false;
                heldWelcome = null;
                flush();
                return;
            }
            send(ControlFrames.closeEvent(code));
            if (code == CloseCode.TOKEN_EXPIRED) {
                send(SocketIoPackets.disconnect().getBytes(StandardCharsets.UTF_8));
            }
            end(code);
        });
    }

    // ---- Carriers, for the endpoint

    /** A long-polling GET: answered at once if packets wait, else held until some do (a ping comes regularly). */
    void poll(HttpServerResponse response) {
        if (heldPoll != null) {
            // Engine.IO allows one GET at a time; a second one means a confused client: end the session.
            owner.badRequest(response, 3, "Bad request");
            end(null);
            return;
        }
        heldPoll = response;
        response.closeHandler(ignored -> execute(() -> {
            if (heldPoll == response) {
                heldPoll = null;
            }
        }));
        if (!pending.isEmpty() || closed) {
            answerPoll();
        }
    }

    /** The upgraded WebSocket took over: whatever waited for a poll goes out on it. */
    void upgraded(ServerWebSocket socket, RawChannel raw) {
        if (heldPoll != null) {
            heldPoll.putHeader("Content-Type", "text/plain; charset=UTF-8").end(String.valueOf(SocketIoPackets.NOOP));
            heldPoll = null;
        }
        this.webSocket = socket;
        this.channel = raw;
        for (byte[] text : pending) {
            raw.writeText(text);
        }
        pending.clear();
        pendingBytes = 0;
        raw.flush();
        runWritable();
    }

    /** A WebSocket that opened the session itself, with no polling before. */
    void openedOn(ServerWebSocket socket, RawChannel raw) {
        this.webSocket = socket;
        this.channel = raw;
    }

    /** Sends one packet outside the core's outbox (answers to the client's own packets) and flushes. */
    void reply(byte[] text) {
        send(text);
        flush();
    }

    /** The transport is gone or the session must end: without a code when the client ended it. */
    void end(CloseCode code) {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            channel.flush();
            webSocket.close((short) (code == null ? 1000 : code == CloseCode.GOING_AWAY ? 1001 : 1000),
                    code == null ? null : code.reason());
        } else {
            queue(new byte[] {SocketIoPackets.CLOSE});
            if (heldPoll != null) {
                answerPoll();
            }
        }
        owner.ended(this);
    }

    private void send(byte[] text) {
        if (channel != null) {
            channel.writeText(text);
        } else {
            queue(text);
        }
    }

    private void queue(byte[] text) {
        pending.add(text);
        pendingBytes += text.length + 1;
    }

    private void answerPoll() {
        HttpServerResponse response = heldPoll;
        heldPoll = null;
        Buffer body = Buffer.buffer(pendingBytes);
        for (int i = 0; i < pending.size(); i++) {
            if (i > 0) {
                body.appendByte((byte) SocketIoPackets.SEPARATOR);
            }
            body.appendBytes(pending.get(i));
        }
        pending.clear();
        pendingBytes = 0;
        owner.answer(response, body);
        runWritable();
    }

    private void runWritable() {
        Runnable task = onWritable;
        onWritable = null;
        if (task != null) {
            task.run();
        }
    }
}
