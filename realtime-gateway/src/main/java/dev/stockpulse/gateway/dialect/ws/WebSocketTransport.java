package dev.stockpulse.gateway.dialect.ws;

import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.timeout.IdleStateHandler;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.delivery.Transport;

/**
 * Writes frames straight into the connection's Netty channel. websockets-next's {@code sendText} encodes the text
 * to UTF-8 for every call and flushes every frame; here each event's bytes are shared by all its recipients (only a
 * small frame header is written per connection) and a batch of frames is flushed once. The channel is taken from the
 * upgrade request's connection ({@link #capture}); closing goes through websockets-next's public API.
 */
final class WebSocketTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(WebSocketTransport.class);
    static final UserData.TypedKey<ChannelHandlerContext> CHANNEL =
            new UserData.TypedKey<>(WebSocketTransport.class.getName() + ".channel");
    private static final byte[] PING = {'p'};
    private static final long WRITABLE_POLL_MILLIS = 5;

    private final WebSocketConnection connection;
    private final ChannelHandlerContext channel;

    WebSocketTransport(WebSocketConnection connection, ChannelHandlerContext channel) {
        this.connection = connection;
        this.channel = channel;
        // Vert.x's idle-timeout handler (quarkus.http.idle-timeout) is for HTTP connections. On a WebSocket the gateway
        // watches liveness itself (pings, 4010), and the handler would cost memory for the connection's life (itself,
        // its context, a scheduled task) and a promise with a listener for every frame written.
        if (channel.pipeline().get(IdleStateHandler.class) != null) {
            channel.pipeline().remove(IdleStateHandler.class);
        }
    }

    /** Called on the HTTP upgrade, whose request still exposes its connection: keeps its Netty channel. */
    static void capture(HttpServerRequest upgrade, UserData userData) {
        if (upgrade.connection() instanceof ConnectionBase base) {
            userData.put(CHANNEL, base.channelHandlerContext());
        }
    }

    @Override
    public void execute(Runnable task) {
        channel.executor().execute(task);
    }

    @Override
    public Object loopKey() {
        return channel.executor();
    }

    /**
     * An event's frame is already encoded, header included, and goes out as plain bytes, which the WebSocket encoder
     * passes through untouched; a control frame, for this connection only, is encoded by Netty as usual.
     */
    @Override
    public void write(OutFrame frame) {
        Object message = frame.isEvent() ? frame.webSocketFrame()
                : new TextWebSocketFrame(Unpooled.wrappedBuffer(frame.json()));
        channel.write(message, channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public boolean writable() {
        return channel.channel().isWritable();
    }

    @Override
    public long bytesBeforeWritable() {
        return channel.channel().bytesBeforeWritable();
    }

    /**
     * Looks again every few milliseconds rather than listening for writability events: a listener would be a pipeline
     * handler kept for the connection's life, while only a client that reads slower than it is sent to ever waits
     * here. Stops when the channel is gone.
     */
    @Override
    public void whenWritable(Runnable task) {
        if (!channel.channel().isActive()) {
            return;
        }
        if (channel.channel().isWritable()) {
            task.run();
            return;
        }
        channel.executor().schedule(() -> whenWritable(task), WRITABLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void ping() {
        channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(PING)), channel.voidPromise());
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
