package dev.stockpulse.sales.alert.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.sales.alert.Alert;
import dev.stockpulse.sales.alert.AlertRepository;

@Path("/api/alerts")
@RolesAllowed({ Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
public class AlertResource {

    public record ReorderSuggestionView(Long quantity, String rationale) {
    }

    public record AlertView(UUID id, String kind, String status, String priority, String productId, String productSku,
            String productName, String warehouseId, Long currentStock, Long reorderLevel, Double daysOfStockRemaining,
            ReorderSuggestionView reorderSuggestion, String message, Instant raisedAt, Instant updatedAt) {
        static AlertView of(Alert a) {
            return new AlertView(a.id, a.kind, a.status, a.priority, a.productId, a.productSku, a.productName,
                    a.warehouseId, a.currentStock, a.reorderLevel, a.daysOfStockRemaining,
                    new ReorderSuggestionView(a.suggestedQuantity, a.suggestionRationale), a.message, a.raisedAt, a.updatedAt);
        }
    }

    private final AlertRepository alerts;
    private final Caller caller;

    public AlertResource(AlertRepository alerts, Caller caller) {
        this.alerts = alerts;
        this.caller = caller;
    }

    @GET
    @WithSession
    public Uni<List<AlertView>> list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return alerts.listForTenant(caller.tenantId(), page, size).map(all -> all.stream().map(AlertView::of).toList());
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
}
