package dev.stockpulse.gateway.admin;

import java.util.LinkedHashMap;
import java.util.Map;

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
import dev.stockpulse.gateway.core.stats.StatsService;
import io.smallrye.mutiny.Uni;

/**
 * Admin endpoints of the gateway. Broadcasts are published to Kafka as ordinary events of the caller's tenant, not
 * sent to this instance's sockets: every instance reads them, so every client of the tenant gets them, wherever it is
 * connected, and they are replayable like any other event.
 */
@Path("/realtime")
@RolesAllowed(Caller.ROLE_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class RealtimeResource {

    private final StatsService stats;
    private final EventPublisher publisher;
    private final Caller caller;

    public RealtimeResource(StatsService stats, EventPublisher publisher, Caller caller) {
        this.stats = stats;
        this.publisher = publisher;
        this.caller = caller;
    }

    @GET
    @Path("/stats")
    @Operation(summary = "Connections of the caller's tenant on this instance, deliveries and consumer lag")
    public StatsService.Stats stats() {
        return stats.stats(caller.tenantId());
    }

    /** A manual stock alert: {@code product_id} and {@code message} required; {@code priority} defaults to high. */
    public record AlertRequest(String productId, String productSku, String productName, String kind, String priority,
            String message) {
    }

    /** A message for one user of the caller's tenant. */
    public record NotificationRequest(String userId, String title, String message, String level) {
    }

    @POST
    @Path("/broadcast/alert")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publishes a sales.alert.raised event of the caller's tenant")
    public Uni<Response> alert(AlertRequest request) {
        return publisher.alert(caller.tenantId(), request).map(RealtimeResource::accepted);
    }

    @POST
    @Path("/broadcast/order")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Seed 002: publishes a sales.order.status_changed for the buyer and the tenant's admins")
    public Uni<Response> order(EventPublisher.OrderBroadcast request) {
        return publisher.orderStatus(caller.tenantId(), request).map(RealtimeResource::accepted);
    }

    /**
     * Seed 002's stock broadcast is refused: a stock level published by hand would be taken by sales-service for the
     * real one (its product view and alerts follow {@code inventory.stock.updated}).
     */
    @POST
    @Path("/broadcast/inventory")
    @Operation(summary = "Seed 002: not offered; stock changes through inventory-service (410, with what to use)")
    public Response inventory() {
        throw new ProblemException(410, "stock-broadcast-not-offered", "Stock is not broadcast",
                "Stock levels change only through inventory-service (POST /api/inventory/adjust, or seed 004's POST"
                        + " /inventory/adjust), whose events reach every client; sales-service would take a broadcast"
                        + " level for the real one. A producer that keeps publishing seed 002's inventory.updated can"
                        + " have its topic bound to the gateway (gateway.bindings, README: Bound topics).",
                java.util.List.of());
    }

    @POST
    @Path("/notifications")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publishes a sales.notification event for one user of the caller's tenant")
    public Uni<Response> notification(NotificationRequest request) {
        return publisher.notification(caller.tenantId(), request).map(RealtimeResource::accepted);
    }

    /** Seed 002's test notification. */
    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    public record TestNotification(String userId, String title, String message, String type) {
    }

    @POST
    @Path("/test/notification")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Seed 002: publishes a sales.notification for one user of the caller's tenant")
    public Uni<Response> testNotification(TestNotification request) {
        NotificationRequest notification = request == null ? null
                : new NotificationRequest(request.userId(), request.title() == null ? "Test" : request.title(),
                        request.message(), SeedRestResource.level(request.type()));
        return publisher.notification(caller.tenantId(), notification).map(RealtimeResource::accepted);
    }

    static Response accepted(EventPublisher.Published published) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event_id", published.eventId());
        body.put("event_type", published.eventType());
        body.put("topic", published.topic());
        return Response.accepted(body).build();
    }
}
