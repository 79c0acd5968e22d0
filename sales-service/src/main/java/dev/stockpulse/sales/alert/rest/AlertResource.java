package dev.stockpulse.sales.alert.rest;

import static dev.stockpulse.commons.rest.RequestHeaders.CORRELATION_ID;
import static dev.stockpulse.commons.rest.RequestHeaders.CORRELATION_ID_MAX_LENGTH;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.rest.Paging;
import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.sales.AlertPayload;
import dev.stockpulse.sales.alert.Alert;
import dev.stockpulse.sales.alert.AlertRepository;
import dev.stockpulse.sales.alert.service.AlertService;
import dev.stockpulse.sales.outbox.Cause;

/** The tenant's alerts, for staff and admins: list, read, acknowledge, resolve. Another tenant's alert is a 404. */
@Path("/api/alerts")
@RolesAllowed({ Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
public class AlertResource {

    public static final String TOTAL_COUNT_HEADER = "X-Total-Count";

    private static final Set<String> STATUSES = Set.of(AlertRepository.STATUS_OPEN, Alert.STATUS_RAISED,
            Alert.STATUS_ESCALATED, Alert.STATUS_ACKNOWLEDGED, Alert.STATUS_RESOLVED);
    private static final Set<String> KINDS = Set.of(AlertPayload.KIND_LOW_STOCK, AlertPayload.KIND_OUT_OF_STOCK,
            AlertPayload.KIND_REORDER_NEEDED, AlertPayload.KIND_STOCKOUT_RISK, AlertPayload.KIND_DEAD_STOCK);

    public record ReorderSuggestionView(Long quantity, String rationale) {
    }

    public record AlertView(UUID id, String kind, String status, String priority, String productId, String productSku,
            String productName, String warehouseId, Long currentStock, Long reorderLevel, Long reorderQuantity,
            Double daysOfStockRemaining, Integer daysSinceLastSale, BigDecimal stockValue,
            ReorderSuggestionView reorderSuggestion, List<String> ordersAtRisk, String message, Instant raisedAt,
            Instant updatedAt, String acknowledgedBy, Instant acknowledgedAt, String resolvedBy, Instant resolvedAt,
            String resolution) {
        static AlertView of(Alert a) {
            return new AlertView(a.id, a.kind, a.status, a.priority, a.productId, a.productSku, a.productName,
                    a.warehouseId, a.currentStock, a.reorderLevel, a.reorderQuantity, a.daysOfStockRemaining,
                    a.daysSinceLastSale, a.stockValue,
                    a.suggestedQuantity == null ? null : new ReorderSuggestionView(a.suggestedQuantity, a.suggestionRationale),
                    a.ordersAtRisk(), a.message, a.raisedAt, a.updatedAt, a.acknowledgedBy, a.acknowledgedAt,
                    a.resolvedBy, a.resolvedAt, a.resolution);
        }
    }

    /** Optional body of a resolve: why a person closes the alert. */
    public record ResolveRequest(@Size(max = 400) String note) {
    }

    private final AlertRepository alerts;
    private final AlertService service;
    private final OutboxRelay relay;
    private final Caller caller;

    public AlertResource(AlertRepository alerts, AlertService service, OutboxRelay relay, Caller caller) {
        this.alerts = alerts;
        this.service = service;
        this.relay = relay;
        this.caller = caller;
    }

    /**
     * Newest first, a page at a time; the total number of matches is in {@code X-Total-Count}.
     *
     * @param status {@code open} (anything not resolved), {@code raised}, {@code escalated}, {@code acknowledged},
     *               {@code resolved}
     */
    @GET
    public Uni<RestResponse<List<AlertView>>> list(@QueryParam("status") String status,
            @QueryParam("priority") String priority, @QueryParam("kind") String kind,
            @QueryParam("product_id") @Size(max = 64) String productId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        AlertRepository.Filter filter = new AlertRepository.Filter(oneOf("status", status, STATUSES),
                priority == null || priority.isBlank() ? null : priority(priority), oneOf("kind", kind, KINDS),
                productId == null || productId.isBlank() ? null : productId);
        String tenant = caller.tenantId();
        return Panache.withSession(() -> alerts.page(tenant, filter, page, size)
                .flatMap(items -> alerts.count(tenant, filter)
                        .map(total -> RestResponse.ResponseBuilder.ok(items.stream().map(AlertView::of).toList())
                                .header(TOTAL_COUNT_HEADER, total).build())));
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<AlertView> get(@PathParam("id") UUID id) {
        return alerts.findForTenant(caller.tenantId(), id).map(a -> {
            if (a == null) {
                throw ProblemException.notFound("Alert", id);
            }
            return AlertView.of(a);
        });
    }

    /** Takes charge of the alert; publishes {@code sales.alert.acknowledged}. 409 once it is resolved. */
    @POST
    @Path("/{id}/acknowledge")
    public Uni<AlertView> acknowledge(@PathParam("id") UUID id,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId) {
        Cause cause = Cause.ofRequest(caller.tenantId(), correlationId, caller.userId());
        return Panache.withTransaction(() -> service.acknowledge(cause, id)).invoke(relay::signal).map(AlertView::of);
    }

    /**
     * Closes the alert by hand, with a note on why; publishes {@code sales.alert.resolved}. Resolving a resolved alert
     * changes nothing.
     */
    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AlertView> resolve(@PathParam("id") UUID id, @Valid ResolveRequest request,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId) {
        Cause cause = Cause.ofRequest(caller.tenantId(), correlationId, caller.userId());
        String note = request == null ? null : request.note();
        return Panache.withTransaction(() -> service.resolve(cause, id, note)).invoke(relay::signal).map(AlertView::of);
    }

    /** The same without a note: a bare POST, whatever its Content-Type says, since it has no body to read. */
    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.WILDCARD)
    public Uni<AlertView> resolveWithoutNote(@PathParam("id") UUID id,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId) {
        return resolve(id, null, correlationId);
    }

    private static String oneOf(String field, String value, Set<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw ProblemException.invalid(field, "must be one of " + allowed.stream().sorted().toList());
        }
        return value;
    }

    private static String priority(String value) {
        try {
            return Priority.fromWire(value).wireName();
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("priority", "must be one of low, medium, high, critical");
        }
    }
}
