package dev.stockpulse.commons.outbox.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.outbox.Outbox;
import dev.stockpulse.commons.outbox.ParkedEvents;
import dev.stockpulse.commons.outbox.ParkedEvents.ParkedEvent;
import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.security.Caller;

/**
 * The tenant's parked outbox events, for its admins: what Kafka refused and why, and the replay once the cause is
 * fixed. Another tenant's event is a 404, as everywhere else in the service. Served by every service with an outbox
 * ({@link Outbox}).
 */
@Path("/api/admin/outbox/parked")
@IfBuildProperty(name = Outbox.ENABLED, stringValue = "true")
@RolesAllowed(Caller.ROLE_ADMIN)
public class OutboxAdminResource {

    /** The event ids handed back to the relay. */
    public record ReplayView(List<UUID> replayed) {
    }

    private final ParkedEvents parked;
    private final Caller caller;

    public OutboxAdminResource(ParkedEvents parked, Caller caller) {
        this.parked = parked;
        this.caller = caller;
    }

    /** Oldest first, with the reason and how many later events of the same key wait behind each. */
    @GET
    public Uni<List<ParkedEvent>> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return parked.list(caller.tenantId(), limit);
    }

    /** Hands every parked event of the tenant back to the relay. */
    @POST
    @Path("/replay")
    public Uni<ReplayView> replayAll() {
        return parked.replay(caller.tenantId(), null, caller.userId()).map(ReplayView::new);
    }

    @POST
    @Path("/{event_id}/replay")
    public Uni<ReplayView> replay(@PathParam("event_id") UUID eventId) {
        return parked.replay(caller.tenantId(), eventId, caller.userId()).map(replayed -> {
            if (replayed.isEmpty()) {
                throw ProblemException.notFound("Parked event", eventId);
            }
            return new ReplayView(replayed);
        });
    }
}
