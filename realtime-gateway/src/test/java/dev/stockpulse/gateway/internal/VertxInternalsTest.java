package dev.stockpulse.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;

import dev.stockpulse.gateway.internal.VertxInternals.RawChannel;

/**
 * The assumptions {@link VertxInternals} makes about Vert.x and Netty internals, each checked on a real server, so
 * that a Vert.x or Netty upgrade that breaks one fails here by name.
 */
class VertxInternalsTest {

    private static final String HELLO = "{\"type\":\"hello\"}";

    private static Vertx vertx;
    private static HttpServer server;
    private static HttpClient client;
    private static volatile CompletableFuture<RawChannel> upgraded;
    private static volatile CompletableFuture<Boolean> idleTimeoutRemoved;
    private static volatile CompletableFuture<Object> loop;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        server = await(vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(30))
                .requestHandler(request -> {
                    loop.complete(VertxInternals.eventLoopOf(Vertx.currentContext()));
                    if (!"/ws".equals(request.path())) {
                        request.response().end("ok");
                        return;
                    }
                    RawChannel channel = VertxInternals.channelOf(request);
                    upgraded.complete(channel);
                    request.toWebSocket().onSuccess(socket -> {
                        idleTimeoutRemoved.complete(channel != null && channel.removeIdleTimeout());
                        // Written once the client listens, so the frame cannot come before its handler.
                        socket.textMessageHandler(ready -> {
                            if (channel != null) {
                                channel.writeEncoded(textFrame(HELLO));
                                channel.flush();
                            }
                        });
                    });
                })
                .listen(0, "localhost"));
        client = vertx.createHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    void anUpgradeRequestsConnectionGivesItsNettyChannel() throws Exception {
        assertThat(upgrade().upgradedChannel)
                .as("assumption 1: an HTTP/1 request's connection is a ConnectionBase with a ChannelHandlerContext")
                .isNotNull();
    }

    @Test
    void vertxIdleTimeoutIsAnIdleStateHandlerThatCanBeRemoved() throws Exception {
        assertThat(upgrade().idleTimeoutRemoved)
                .as("assumption 2: quarkus.http.idle-timeout is an IdleStateHandler in the connection's pipeline")
                .isTrue();
    }

    @Test
    void preEncodedBytesWrittenToTheChannelReachTheClientAsOneWebSocketFrame() throws Exception {
        assertThat(upgrade().received.get(10, TimeUnit.SECONDS))
                .as("assumption 1: after the upgrade the channel carries the WebSocket, and bytes written to it pass "
                        + "Netty's WebSocket encoder untouched")
                .isEqualTo(HELLO);
    }

    @Test
    void requestContextsOfOneEventLoopUnwrapToOneKey() throws Exception {
        Object first = request();
        Object second = request();
        assertThat(first).as("assumption 3: ContextInternal.unwrap gives the event loop's context").isNotNull()
                .isSameAs(second);
    }

    private record Upgrade(RawChannel upgradedChannel, Boolean idleTimeoutRemoved, CompletableFuture<String> received) {
    }

    private static Upgrade upgrade() throws Exception {
        upgraded = new CompletableFuture<>();
        idleTimeoutRemoved = new CompletableFuture<>();
        loop = new CompletableFuture<>();
        CompletableFuture<String> received = new CompletableFuture<>();
        WebSocket socket = await(client.webSocket(server.actualPort(), "localhost", "/ws"));
        socket.textMessageHandler(received::complete);
        socket.writeTextMessage("ready");
        return new Upgrade(upgraded.get(10, TimeUnit.SECONDS), idleTimeoutRemoved.get(10, TimeUnit.SECONDS), received);
    }

    private static Object request() throws Exception {
        loop = new CompletableFuture<>();
        await(client.request(HttpMethod.GET, server.actualPort(), "localhost", "/").compose(r -> r.send())
                .compose(r -> r.body()));
        return loop.get(10, TimeUnit.SECONDS);
    }

    /** RFC 6455: FIN, text, unmasked, a payload under 126 bytes. */
    private static ByteBuffer textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocateDirect(2 + payload.length);
        frame.put((byte) 0x81).put((byte) payload.length).put(payload).flip();
        return frame;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
