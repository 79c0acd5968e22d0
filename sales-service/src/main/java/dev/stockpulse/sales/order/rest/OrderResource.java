package dev.stockpulse.sales.order.rest;

import static dev.stockpulse.commons.rest.RequestHeaders.CORRELATION_ID;
import static dev.stockpulse.commons.rest.RequestHeaders.CORRELATION_ID_MAX_LENGTH;
import static dev.stockpulse.commons.rest.RequestHeaders.IDEMPOTENCY_KEY;
import static dev.stockpulse.commons.rest.RequestHeaders.IDEMPOTENCY_KEY_MAX_LENGTH;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.rest.Paging;
import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.sales.alert.rest.AlertResource;
import dev.stockpulse.sales.order.OrderLineItem;
import dev.stockpulse.sales.order.OrderRepository;
import dev.stockpulse.sales.order.OrderRepository.OrderWithLines;
import dev.stockpulse.sales.order.OrderStatus;
import dev.stockpulse.sales.order.SalesOrder;
import dev.stockpulse.sales.order.service.OrderService;
import dev.stockpulse.sales.outbox.Cause;

/**
 * Orders. Anyone of the tenant may order for themselves; a user sees and cancels their own orders, staff and admins
 * the tenant's. Someone else's order, like another tenant's, is a 404.
 */
@Path("/api/orders")
@RolesAllowed({ Caller.ROLE_USER, Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
public class OrderResource {

    public record LineRequest(
            @NotBlank @Size(max = 64) String productId,
            @NotNull @Min(1) @Max(1_000_000) Long quantity) {
    }

    /** A new order of the calling user. Prices are the catalogue's; a {@code unit_price} sent here is ignored. */
    public record OrderRequest(@NotNull @Size(min = 1, max = 100) List<@Valid @NotNull LineRequest> lines) {
    }

    /** Optional body of a cancel. */
    public record CancelRequest(@Size(max = 400) String reason) {
    }

    public record LineView(String productId, long quantity, BigDecimal unitPrice, BigDecimal lineTotal) {
        static LineView of(OrderLineItem l) {
            return new LineView(l.productId, l.quantity, l.unitPrice, l.unitPrice.multiply(BigDecimal.valueOf(l.quantity)));
        }
    }

    public record OrderView(UUID id, String userId, String status, List<LineView> lines, BigDecimal total, String reason,
            Instant createdAt, Instant updatedAt) {
        static OrderView of(OrderWithLines o) {
            SalesOrder order = o.order();
            return new OrderView(order.id, order.userId, order.status().wireName(),
                    o.lines().stream().map(LineView::of).toList(), order.total, order.reason(), order.createdAt,
                    order.updatedAt);
        }
    }

    private final OrderService service;
    private final OrderRepository orders;
    private final Caller caller;

    public OrderResource(OrderService service, OrderRepository orders, Caller caller) {
        this.service = service;
        this.orders = orders;
        this.caller = caller;
    }

    /**
     * Places a pending order and publishes {@code sales.order.created}; inventory's answer confirms or rejects it. With
     * an {@code Idempotency-Key}, a retry of the same request (a lost answer, a double click) places nothing new and
     * answers the same order.
     */
    @POST
    public Uni<RestResponse<OrderView>> create(@Valid @NotNull OrderRequest request,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId,
            @HeaderParam(IDEMPOTENCY_KEY) @Size(min = 1, max = IDEMPOTENCY_KEY_MAX_LENGTH) String idempotencyKey) {
        Cause cause = Cause.ofRequest(caller.tenantId(), correlationId, caller.userId());
        List<OrderService.NewLine> lines = request.lines().stream()
                .map(l -> new OrderService.NewLine(l.productId(), l.quantity())).toList();
        return service.create(cause, lines, idempotencyKey).map(created -> RestResponse.ResponseBuilder
                .<OrderView> created(URI.create("/api/orders/" + created.order().id)).entity(OrderView.of(created)).build());
    }

    @GET
    @Path("/{id}")
    public Uni<OrderView> get(@PathParam("id") UUID id) {
        String tenant = caller.tenantId();
        boolean staff = caller.isStaff();
        String me = caller.userId();
        return Panache.withSession(() -> orders.findForTenant(tenant, id).flatMap(order -> {
            if (order == null || !(staff || order.userId.equals(me))) {
                throw ProblemException.notFound("Order", id);
            }
            return orders.withLines(order);
        })).map(OrderView::of);
    }

    /**
     * Newest first, a page at a time; the total number of matches is in {@code X-Total-Count}. Users see their own
     * orders; staff and admins see the tenant's, or one buyer's with {@code user_id}.
     */
    @GET
    public Uni<RestResponse<List<OrderView>>> list(@QueryParam("status") String status,
            @QueryParam("user_id") @Size(max = 200) String userId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        OrderStatus statusFilter = status == null || status.isBlank() ? null : OrderStatus.fromWireName(status)
                .orElseThrow(() -> ProblemException.invalid("status", "must be one of " + OrderStatus.wireNames()));
        String tenant = caller.tenantId();
        String buyer = caller.isStaff() ? (userId == null || userId.isBlank() ? null : userId) : caller.userId();
        return Panache.withSession(() -> orders.page(tenant, buyer, statusFilter, page, size)
                .flatMap(items -> orders.count(tenant, buyer, statusFilter)
                        .map(total -> RestResponse.ResponseBuilder.ok(items.stream().map(OrderView::of).toList())
                                .header(AlertResource.TOTAL_COUNT_HEADER, total).build())));
    }

    /**
     * Cancels a pending or confirmed order, with the reason given, and publishes {@code sales.order.cancelled}; 409 for
     * a rejected one.
     */
    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<OrderView> cancel(@PathParam("id") UUID id, @Valid CancelRequest request,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId) {
        Cause cause = Cause.ofRequest(caller.tenantId(), correlationId, caller.userId());
        return service.cancel(cause, caller.isStaff(), id, request == null ? null : request.reason()).map(OrderView::of);
    }

    /**
     * Staff record that a confirmed order reached its buyer: it becomes {@code delivered}, and
     * {@code sales.order.delivered} and a notification to the buyer are published. Delivering it again changes
     * nothing; a pending, rejected or cancelled order cannot be delivered (409).
     */
    @POST
    @Path("/{id}/deliver")
    @RolesAllowed({ Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
    public Uni<OrderView> deliver(@PathParam("id") UUID id,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId) {
        Cause cause = Cause.ofRequest(caller.tenantId(), correlationId, caller.userId());
        return service.deliver(cause, id).map(OrderView::of);
    }

    /** The same without a reason: a bare POST, whatever its Content-Type says, since it has no body to read. */
    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    public Uni<OrderView> cancelWithoutReason(@PathParam("id") UUID id,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId) {
        return cancel(id, null, correlationId);
    }
}
