package dev.stockpulse.gateway.dialect.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.HttpServerRequest;

import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.delivery.Transport;
import dev.stockpulse.gateway.internal.VertxInternals.RawChannel;
import dev.stockpulse.gateway.internal.VertxInternals;

/**
 * Writes frames straight into the connection's Netty channel. websockets-next's {@code sendText} encodes the text
 * to UTF-8 for every call and flushes every frame; here each event's bytes are shared by all its recipients (only a
 * small frame header is written per connection) and a batch of frames is flushed once. The channel is taken from the
 * upgrade request's connection ({@link #capture}); closing goes through websockets-next's public API.
 */
final class WebSocketTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(WebSocketTransport.class);
    static final UserData.TypedKey<RawChannel> CHANNEL =
            new UserData.TypedKey<>(WebSocketTransport.class.getName() + ".channel");
    private static final byte[] PING = {'p'};
    private static final long WRITABLE_POLL_MILLIS = 5;

    private final WebSocketConnection connection;
    private final RawChannel channel;
    private final WebSocketDialect dialect;

    WebSocketTransport(WebSocketConnection connection, RawChannel channel, WebSocketDialect dialect) {
        this.connection = connection;
        this.channel = channel;
        this.dialect = dialect;
        // Vert.x's idle-timeout handler (quarkus.http.idle-timeout) is for HTTP connections. On a WebSocket the gateway
        // watches liveness itself (pings, 4010), and the handler would cost memory for the connection's life (itself,
        // its context, a scheduled task) and a promise with a listener for every frame written.
        channel.removeIdleTimeout();
    }

    /** Called on the HTTP upgrade, whose request still exposes its connection: keeps its Netty channel. */
    static void capture(HttpServerRequest upgrade, UserData userData) {
        RawChannel channel = VertxInternals.channelOf(upgrade);
        if (channel != null) {
            userData.put(CHANNEL, channel);
        }
    }

    @Override
    public void execute(Runnable task) {
        channel.execute(task);
    }

    @Override
    public Object loopKey() {
        return channel.eventLoop();
    }

    /**
     * An event's frame is already encoded in the dialect's form, header included ({@link WebSocketFrames}), and goes
     * out as plain bytes, unless the dialect has no message for it; a control frame, for this connection only, is
     * encoded by Netty as usual.
     */
    @Override
    public void write(OutFrame frame) {
        if (frame.isEvent()) {
            ByteBuffer wire = frame.as(dialect.events);
            if (wire.hasRemaining()) {
                channel.writeEncoded(wire);
            }
        } else {
            channel.writeText(frame.json());
        }
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public boolean writable() {
        return channel.isWritable();
    }

    @Override
    public long bytesBeforeWritable() {
        return channel.bytesBeforeWritable();
    }

    /**
     * Looks again every few milliseconds rather than listening for writability events: a listener would be a pipeline
     * handler kept for the connection's life, while only a client that reads slower than it is sent to ever waits
     * here. Stops when the channel is gone.
     */
    @Override
    public void whenWritable(Runnable task) {
        if (!channel.isActive()) {
            return;
        }
        if (channel.isWritable()) {
            task.run();
            return;
        }
        channel.schedule(() -> whenWritable(task), WRITABLE_POLL_MILLIS);
    }

    @Override
    public void ping() {
        if (dialect.jsonPings) {
            channel.writeText(("{\"type\":\"ping\",\"timestamp\":\"" + Instant.now() + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        channel.ping(PING);
    }

    @Override
    public void close(CloseCode code) {
        if (!connection.isClosed()) {
            connection.close(new CloseReason(code.code(), code.reason())).subscribe().with(
                    closed -> { },
                    failure -> LOG.debugf("Closing %s: %s", connection.id(), failure.getMessage()));
        }
    }
}
