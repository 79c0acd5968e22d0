package dev.stockpulse.gateway.dialect.sse;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.stockpulse.gateway.core.access.ConnectionEndpoint;
import dev.stockpulse.gateway.core.access.OriginPolicy;
import dev.stockpulse.gateway.core.config.GatewayConfig;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.room.ClientSession;
import dev.stockpulse.gateway.core.room.ConnectedUser;
import dev.stockpulse.gateway.core.room.RoomFanOut;
import dev.stockpulse.gateway.core.room.Sessions;
import dev.stockpulse.gateway.core.routing.Channel;
import dev.stockpulse.gateway.protocol.ClientActions;
import dev.stockpulse.gateway.protocol.ErrorCode;
import dev.stockpulse.gateway.protocol.ServerFrames;

/**
 * {@code GET /stream/events?channels=…}: the same stream as the WebSocket, as Server-Sent Events, for clients that
 * only listen. Same token (header, or {@code ?access_token=} for EventSource), same rooms and channels; each event's
 * {@code id:} is its position, so a reconnecting EventSource sends {@code Last-Event-ID} and gets what it missed,
 * under the same rules as {@code since} ({@code ?since=} works too). Two formats share the path ({@link SseFrames}):
 * seed 000's by default, whose clients cannot be asked to change their URL, and StockPulse's own with
 * {@code ?format=stockpulse}.
 * A plain Vert.x route rather than a JAX-RS resource, so that the response is written in coalesced chunks through
 * the same bounded outbox as a WebSocket.
 */
@ApplicationScoped
public class SseStream implements ConnectionEndpoint {

    public static final String PATH = "/stream/events";
    /** Seed 000's stream, the default: each event named by the document and once more unnamed, for onmessage. */
    static final String FORMAT_SMART_INVENTORY = "smart-inventory";
    /** StockPulse's own: each event once, named by its StockPulse type. */
    static final String FORMAT_STOCKPULSE = "stockpulse";

    private final Sessions sessions;
    private final RoomFanOut fanOut;
    private final ServerFrames frames;
    private final OriginPolicy origins;
    private final GatewayConfig config;

    public SseStream(Sessions sessions, RoomFanOut fanOut, ServerFrames frames, GatewayConfig config) {
        this.sessions = sessions;
        this.fanOut = fanOut;
        this.frames = frames;
        this.config = config;
        this.origins = new OriginPolicy(config.websocket().allowedOrigins());
    }

    @Override
    public List<String> paths() {
        return List.of(PATH);
    }

    void routes(@Observes Router router) {
        router.get(PATH).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        if (!origins.allows(ctx.request().getHeader("Origin"))) {
            ctx.response().setStatusCode(403).end();
            return;
        }
        if (!fanOut.isLive()) {
            ctx.response().setStatusCode(503).putHeader("Retry-After", "5").end();
            return;
        }
        Uni<SecurityIdentity> deferred = ctx.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        Uni<SecurityIdentity> identity = deferred != null ? deferred
                : Uni.createFrom().item(ctx.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null);
        identity.subscribe().with(resolved -> start(ctx, resolved), failure -> unauthorized(ctx));
    }

    private void start(RoutingContext ctx, SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            unauthorized(ctx);
            return;
        }
        ConnectedUser user = ConnectedUser.of(identity);
        if (user == null) {
            ctx.response().setStatusCode(403).end();
            return;
        }
        // The response keeps its request, headers included, for the stream's life; the token's claims are in the user.
        ctx.request().headers().remove("Authorization");
        List<OutFrame> errors = new ArrayList<>();
        EnumSet<Channel> channels = EnumSet.noneOf(Channel.class);
        for (String value : ctx.queryParam("channels")) {
            for (String name : value.split(",")) {
                if (!name.isBlank()) {
                    Channel.fromWire(name.trim()).ifPresentOrElse(channels::add, () -> errors.add(frames.error(
                            ErrorCode.UNKNOWN_CHANNEL, ClientActions.unknownChannelMessage(name.trim()))));
                }
            }
        }
        if (channels.isEmpty() && errors.isEmpty()) {
            channels.addAll(config.websocket().defaultChannels());
        }
        OutFrame.Form<byte[]> form;
        String format = ctx.queryParams().get("format");
        if (format == null || format.equals(FORMAT_SMART_INVENTORY)) {
            form = SseFrames.SMART_INVENTORY;
        } else if (format.equals(FORMAT_STOCKPULSE)) {
            form = SseFrames.FORM;
        } else {
            ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("Unknown format \"" + format + "\"; known: " + FORMAT_SMART_INVENTORY + " (the default), "
                            + FORMAT_STOCKPULSE);
            return;
        }
        String since = ctx.request().getHeader("Last-Event-ID");
        if (since == null || since.isBlank()) {
            since = ctx.queryParams().get("since");
        }
        ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        String id = UUID.randomUUID().toString();
        SseTransport transport = new SseTransport(ctx.response(), Vertx.currentContext(), form);
        ctx.response().closeHandler(ignored -> sessions.closed(id));
        ctx.response().endHandler(ignored -> sessions.closed(id));
        sessions.open(id, ClientSession.Kind.SSE, user, channels, transport, errors,
                since == null || since.isBlank() ? null : since);
        // A client that left while its token was being verified closed the connection before the handlers above were
        // set, so they never run: its session, and its place under the per-user cap, are given back here.
        if (ctx.response().closed()) {
            sessions.closed(id);
        }
    }

    private static void unauthorized(RoutingContext ctx) {
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer").end();
    }
}
