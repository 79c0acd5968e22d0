package dev.stockpulse.gateway.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The only place that touches Vert.x and Netty implementation classes; everything else uses public API. The gateway
 * uses them for speed, on these assumptions, each checked by name in {@code VertxInternalsTest} so that an upgrade
 * that breaks one fails there, not in production:
 * <ol>
 * <li>An HTTP/1 request's connection is a {@link ConnectionBase} whose Netty channel carries the WebSocket after an
 * upgrade, so a WebSocket can be written to directly: pre-encoded frames (plain bytes, which Netty's WebSocket
 * encoder passes through untouched) shared by every connection, and one flush per batch.</li>
 * <li>Vert.x's idle timeout is an {@link IdleStateHandler} in that channel's pipeline, which can be removed.</li>
 * <li>A request's {@link Context} is a duplicate of its event loop's; {@link ContextInternal#unwrap} gives that
 * shared one, so connections of one loop can be written in one task.</li>
 * </ol>
 */
public final class VertxInternals {

    private VertxInternals() {
    }

    /** The Netty channel under the request's connection (kept for the WebSocket it is upgraded to), or null. */
    public static RawChannel channelOf(HttpServerRequest request) {
        return request.connection() instanceof ConnectionBase base ? new RawChannel(base.channelHandlerContext())
                : null;
    }

    /** The same object for every context of one event loop, request contexts included. */
    public static Object eventLoopOf(Context context) {
        return ((ContextInternal) context).unwrap();
    }

    /** A query string's parameters as Netty decodes them (no leading {@code ?}). */
    public static Map<String, List<String>> queryParameters(String query) {
        if (query == null || query.isEmpty()) {
            return Map.of();
        }
        return new QueryStringDecoder(query, false).parameters();
    }

    /**
     * A whole WebSocket text frame as a server sends it, for {@link RawChannel#writeEncoded}: RFC 6455 section 5.2,
     * FIN and opcode 1 (text), no mask, 7, 7+16 or 7+64 bits of payload length. Off-heap, built once and shared.
     */
    public static ByteBuffer textFrame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocateDirect(header + length);
        frame.put((byte) 0x81);
        if (length < 126) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) length);
        } else {
            frame.put((byte) 127).putLong(length);
        }
        frame.put(payload).flip();
        return frame;
    }

    /** A WebSocket's Netty channel. Every method but {@link #execute} must be called on its event loop. */
    public static final class RawChannel {

        private final ChannelHandlerContext channel;

        RawChannel(ChannelHandlerContext channel) {
            this.channel = channel;
        }

        /** Drops Vert.x's idle-timeout handler, if the pipeline has one, and says whether it had. */
        public boolean removeIdleTimeout() {
            if (channel.pipeline().get(IdleStateHandler.class) == null) {
                return false;
            }
            channel.pipeline().remove(IdleStateHandler.class);
            return true;
        }

        public void execute(Runnable task) {
            channel.executor().execute(task);
        }

        public void schedule(Runnable task, long delayMillis) {
            channel.executor().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }

        /** Identifies the event loop: equal for every channel of one loop. */
        public Object eventLoop() {
            return channel.executor();
        }

        /**
         * Queues bytes that are already a whole WebSocket frame, without flushing: a view of {@code shared}, which is
         * neither copied nor changed, so the same bytes go to every connection.
         */
        public void writeEncoded(ByteBuffer shared) {
            // A wrapped ByteBuffer is not freed on release; Netty writes it to the socket straight from its memory.
            channel.write(Unpooled.wrappedBuffer(shared.duplicate()), channel.voidPromise());
        }

        /** Queues a text frame for this connection only, encoded by Netty as usual, without flushing. */
        public void writeText(byte[] utf8) {
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)), channel.voidPromise());
        }

        public void ping(byte[] payload) {
            channel.writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(payload)), channel.voidPromise());
        }

        public void flush() {
            channel.flush();
        }

        public boolean isActive() {
            return channel.channel().isActive();
        }

        public boolean isWritable() {
            return channel.channel().isWritable();
        }

        public long bytesBeforeWritable() {
            return channel.channel().bytesBeforeWritable();
        }
    }
}
