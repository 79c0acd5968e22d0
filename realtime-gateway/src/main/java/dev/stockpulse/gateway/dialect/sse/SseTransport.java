package dev.stockpulse.gateway.dialect.sse;

import java.nio.charset.StandardCharsets;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.delivery.Transport;
import dev.stockpulse.gateway.internal.VertxInternals;

/**
 * An SSE response as a transport. A batch of frames becomes one chunk, written once. SSE has no close codes, so a
 * close the gateway decides is announced as a last {@code event: close} whose data carries the code, then the
 * response ends.
 */
final class SseTransport implements Transport {

    private static final Buffer HEARTBEAT = Buffer.buffer(":\n\n");

    private final HttpServerResponse response;
    private final Context context;
    private final OutFrame.Form<byte[]> form;
    private Buffer pending = Buffer.buffer();

    SseTransport(HttpServerResponse response, Context context, OutFrame.Form<byte[]> form) {
        this.response = response;
        this.context = context;
        this.form = form;
    }

    @Override
    public void execute(Runnable task) {
        context.runOnContext(ignored -> task.run());
    }

    /** Requests have contexts of their own, duplicates of their event loop's: that one is shared. */
    @Override
    public Object loopKey() {
        return VertxInternals.eventLoopOf(context);
    }

    @Override
    public void write(OutFrame frame) {
        pending.appendBytes(frame.as(form));
    }

    @Override
    public void flush() {
        if (pending.length() > 0 && !response.ended()) {
            response.write(pending);
        }
        pending = Buffer.buffer();
    }

    @Override
    public boolean writable() {
        return !response.ended() && !response.writeQueueFull();
    }

    @Override
    public void whenWritable(Runnable task) {
        response.drainHandler(ignored -> {
            response.drainHandler(null);
            task.run();
        });
    }

    @Override
    public void ping() {
        if (!response.ended()) {
            response.write(HEARTBEAT.copy());
        }
    }

    @Override
    public void close(CloseCode code) {
        execute(() -> {
            if (!response.ended() && !response.closed()) {
                String data = "{\"type\":\"close\",\"code\":" + code.code() + ",\"reason\":\"" + code.reason() + "\"}";
                response.end(Buffer.buffer(("event: close\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8)));
            }
        });
    }
}
