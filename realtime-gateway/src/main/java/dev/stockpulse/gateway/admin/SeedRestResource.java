package dev.stockpulse.gateway.admin;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.events.sales.NotificationPayload;
import dev.stockpulse.gateway.core.stats.StatsService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The REST helpers of the seeds' realtime services under {@code /api}, with their own body shapes (camelCase), on the
 * gateway's own operations: seed 002's API docs, seed 003's status and test broadcast (seed 002's test notification is
 * in {@link RealtimeResource}, which owns {@code /realtime}). Same
 * token, tenant and roles as the gateway's endpoints; what they publish goes through Kafka like every broadcast.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class SeedRestResource {

    private static final List<String> LEVELS = List.of(NotificationPayload.LEVEL_INFO,
            NotificationPayload.LEVEL_SUCCESS, NotificationPayload.LEVEL_WARNING, NotificationPayload.LEVEL_ERROR);

    private final StatsService stats;
    private final EventPublisher publisher;
    private final Caller caller;

    public SeedRestResource(StatsService stats, EventPublisher publisher, Caller caller) {
        this.stats = stats;
        this.publisher = publisher;
        this.caller = caller;
    }

    /** Seed 003's test broadcast: a notification to the caller, by default a "Test Notification". */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record TestBroadcast(String title, String message, String type) {
    }

    /** Seed 003's status: whether the caller's tenant has live connections here, and their counts. */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record RealtimeStatus(boolean enabled, int connectedClients, int uniqueUsers, int websocketConnections,
            int sseConnections, int socketIoConnections, boolean kafkaCaughtUp, Instant timestamp) {
    }

    @GET
    @Path("/docs")
    @Operation(summary = "Seed 002: the API documentation, Swagger UI")
    public Response docs() {
        return Response.seeOther(URI.create("/q/swagger-ui/")).build();
    }

    @GET
    @Path("/realtime/status")
    @Authenticated
    @Operation(summary = "Seed 003: connections of the caller's tenant on this instance")
    public RealtimeStatus status() {
        StatsService.Stats tenant = stats.stats(caller.tenantId());
        return new RealtimeStatus(true, tenant.totalConnections(), tenant.uniqueUsers(),
                tenant.websocketConnections(), tenant.sseConnections(), tenant.socketIoConnections(),
                tenant.consumer().caughtUp(), tenant.timestamp());
    }

    @POST
    @Path("/realtime/test-broadcast")
    @RolesAllowed(Caller.ROLE_ADMIN)
    @Operation(summary = "Seed 003: publishes a test notification to the caller")
    public Uni<Response> testBroadcast(TestBroadcast request) {
        String title = request == null || request.title() == null ? "Test Notification" : request.title();
        String message = request == null || request.message() == null ? "Real-time updates work" : request.message();
        return publisher.notification(caller.tenantId(), new RealtimeResource.NotificationRequest(caller.userId(),
                title, message, level(request == null ? null : request.type()))).map(RealtimeResource::accepted);
    }

    /** Seed 003's notification types are StockPulse's levels (info, success, warning, error). */
    static String level(String type) {
        if (type != null && !LEVELS.contains(type)) {
            throw ProblemException.invalid("type", "must be one of " + LEVELS);
        }
        return type;
    }
}
