package dev.stockpulse.gateway.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.events.sales.BroadcastPayload;
import dev.stockpulse.gateway.core.config.GatewayConfig;
import dev.stockpulse.gateway.core.stats.StatsService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * Seed 000's REST calls under {@code /stream}, as its document sends them (query parameters, snake_case answers), on
 * the gateway's tenant and roles: the status its dashboards read, the admin's broadcast alert and test event (both
 * published through Kafka as {@code sales.alert.broadcast}, so every instance delivers them and they are replayable),
 * and the fallback queue, which StockPulse does not have.
 */
@Path("/stream")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

    /** What seed 000 held in memory while Kafka was down, and what StockPulse does instead. */
    static final String NO_FALLBACK_QUEUE = "StockPulse holds no event in memory: services write every event to their"
            + " database's outbox in the same transaction as the change, and a relay publishes it to Kafka when the"
            + " broker is back. Clients recover what they missed with ?since=<position>.";

    private final StatsService stats;
    private final EventPublisher publisher;
    private final GatewayConfig config;
    private final Caller caller;

    public StreamResource(StatsService stats, EventPublisher publisher, GatewayConfig config, Caller caller) {
        this.stats = stats;
        this.publisher = publisher;
        this.config = config;
        this.caller = caller;
    }

    public record WebSocketStatus(int connectedClients, Map<String, Integer> channelStats) {
    }

    public record SseStatus(int connectedClients) {
    }

    /** @param fallbackQueueSize always 0: nothing is ever held in memory (see {@link #fallbackQueue()}) */
    public record KafkaStatus(boolean enabled, int fallbackQueueSize, boolean caughtUp, long lag) {
    }

    public record Status(WebSocketStatus websocket, SseStatus sse, KafkaStatus kafka, Instant timestamp) {
    }

    /**
     * @param durableBacklog where events wait instead: the services' outboxes (their admin endpoints list what is
     *                       parked) and the topics this instance reads, with its lag behind them
     */
    public record FallbackQueue(boolean enabled, int queueSize, List<Object> events, String explanation,
            DurableBacklog durableBacklog) {
    }

    public record DurableBacklog(List<String> outboxes, List<String> topics, long gatewayLag) {
    }

    @GET
    @Path("/status")
    @Operation(summary = "Seed 000: connected clients and channel counts of the caller's tenant, and Kafka's state")
    public Status status() {
        StatsService.Stats tenant = stats.stats(caller.tenantId());
        return new Status(new WebSocketStatus(tenant.websocketConnections(), tenant.channels()),
                new SseStatus(tenant.sseConnections()),
                new KafkaStatus(true, 0, tenant.consumer().caughtUp(), tenant.consumer().totalLag()), Instant.now());
    }

    @GET
    @Path("/fallback-queue")
    @Operation(summary = "Seed 000: always empty; says where the durable backlog is instead")
    public FallbackQueue fallbackQueue() {
        return new FallbackQueue(false, 0, List.of(), NO_FALLBACK_QUEUE,
                new DurableBacklog(List.of("inventory-service: GET /api/admin/outbox/parked",
                        "sales-service: GET /api/admin/outbox/parked"), config.kafka().topics(),
                        stats.consumer().totalLag()));
    }

    @POST
    @Path("/broadcast/alert")
    @RolesAllowed(Caller.ROLE_ADMIN)
    @Operation(summary = "Seed 000: publishes an announcement (sales.alert.broadcast) to the caller's tenant")
    public Uni<Response> broadcastAlert(@QueryParam("level") String level, @QueryParam("title") String title,
            @QueryParam("message") String message) {
        return publisher.broadcast(caller.tenantId(),
                new EventPublisher.BroadcastRequest(level, title == null ? "Alert" : title, message, null, null))
                .map(RealtimeResource::accepted);
    }

    @POST
    @Path("/test/emit-event")
    @RolesAllowed(Caller.ROLE_ADMIN)
    @Operation(summary = "Seed 000: publishes a test event to the caller's tenant (gateway.test-events.enabled)")
    public Uni<Response> emitTestEvent(@QueryParam("event_type") String eventType,
            @QueryParam("product_id") String productId, @QueryParam("message") String message) {
        if (!config.testEvents().enabled()) {
            throw new ProblemException(403, "test-events-disabled", "Test events are off",
                    "This gateway does not publish test events; an operator turns them on with"
                            + " gateway.test-events.enabled=true (GATEWAY_TEST_EVENTS_ENABLED).", List.of());
        }
        return publisher.broadcast(caller.tenantId(), new EventPublisher.BroadcastRequest(
                BroadcastPayload.LEVEL_INFO, "Test event", message == null ? "Test event" : message, productId,
                eventType == null ? "test.event" : eventType)).map(RealtimeResource::accepted);
    }
}
