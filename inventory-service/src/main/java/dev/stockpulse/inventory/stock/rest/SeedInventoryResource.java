package dev.stockpulse.inventory.stock.rest;

import static dev.stockpulse.commons.rest.RequestHeaders.CORRELATION_ID;
import static dev.stockpulse.commons.rest.RequestHeaders.CORRELATION_ID_MAX_LENGTH;
import static dev.stockpulse.commons.rest.RequestHeaders.IDEMPOTENCY_KEY;
import static dev.stockpulse.commons.rest.RequestHeaders.IDEMPOTENCY_KEY_MAX_LENGTH;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.stockpulse.commons.security.Caller;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /inventory/adjust}: the Go inventory service's path (seed 004), for its clients; the same operation,
 * body and roles as {@code POST /api/inventory/adjust}.
 */
@Path("/inventory")
@RolesAllowed({ Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
public class SeedInventoryResource {

    private final StockResource stock;

    public SeedInventoryResource(StockResource stock) {
        this.stock = stock;
    }

    @POST
    @Path("/adjust")
    @Operation(summary = "Seed 004's path for POST /api/inventory/adjust")
    public Uni<StockResource.AdjustResponse> adjust(@Valid @NotNull StockResource.AdjustRequest request,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId,
            @HeaderParam(IDEMPOTENCY_KEY) @Size(min = 1, max = IDEMPOTENCY_KEY_MAX_LENGTH) String idempotencyKey) {
        return stock.adjust(request, correlationId, idempotencyKey);
    }
}
