package dev.stockpulse.gateway.admin;

import java.time.Instant;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.gateway.core.stats.StatsService;
import io.quarkus.security.Authenticated;

/**
 * {@code GET /stream/status}: the shape the smart-inventory dashboards read (connected clients, per-channel counts,
 * Kafka state), for any signed-in user, about their own tenant's connections on this instance.
 */
@Path("/stream/status")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class StreamStatusResource {

    private final StatsService stats;
    private final Caller caller;

    public StreamStatusResource(StatsService stats, Caller caller) {
        this.stats = stats;
        this.caller = caller;
    }

    public record WebSocketStatus(int connectedClients, Map<String, Integer> channelStats) {
    }

    public record SseStatus(int connectedClients) {
    }

    public record KafkaStatus(boolean enabled, boolean caughtUp, long lag) {
    }

    public record Status(WebSocketStatus websocket, SseStatus sse, KafkaStatus kafka, Instant timestamp) {
    }

    @GET
    @Operation(summary = "Connected clients and channel counts of the caller's tenant, and the Kafka consumer's state")
    public Status status() {
        StatsService.Stats tenant = stats.stats(caller.tenantId());
        return new Status(new WebSocketStatus(tenant.websocketConnections(), tenant.channels()),
                new SseStatus(tenant.sseConnections()),
                new KafkaStatus(true, tenant.consumer().caughtUp(), tenant.consumer().totalLag()), Instant.now());
    }
}
