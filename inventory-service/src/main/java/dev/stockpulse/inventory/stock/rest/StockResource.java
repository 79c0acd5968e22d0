package dev.stockpulse.inventory.stock.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.inventory.stock.StockReason;
import dev.stockpulse.inventory.stock.service.StockService;
import dev.stockpulse.inventory.stock.service.StockService.Adjustment;

@Path("/api/inventory")
@RolesAllowed({ Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
public class StockResource {

    /** A signed change of the stock of one product in one warehouse. */
    public record AdjustRequest(
            @NotNull UUID productId,
            @NotNull UUID warehouseId,
            @NotNull @Min(-1_000_000_000) @Max(1_000_000_000) Long quantity,
            @NotBlank String reason) {
    }

    public record AdjustResponse(UUID movementId, UUID productId, UUID warehouseId, long previousQuantity,
            long currentQuantity, long delta, String reason, List<String> events) {
    }

    private final StockService stock;
    private final Caller caller;

    public StockResource(StockService stock, Caller caller) {
        this.stock = stock;
        this.caller = caller;
    }

    @POST
    @Path("/adjust")
    public Uni<AdjustResponse> adjust(@Valid @NotNull AdjustRequest request,
            @HeaderParam("X-Correlation-Id") String correlationId) {
        if (request.quantity() == 0) {
            throw ProblemException.invalid("quantity", "must not be zero");
        }
        StockReason reason = StockReason.fromWire(request.reason()).orElseThrow(() -> ProblemException.invalid("reason",
                "must be one of sale, receipt, return, damage, count_correction"));
        Adjustment adjustment = new Adjustment(caller.tenantId(), caller.userId(),
                correlationId == null || correlationId.isBlank() ? UUID.randomUUID().toString() : correlationId,
                request.productId(), request.warehouseId(), request.quantity(), reason);
        return stock.adjust(adjustment).map(r -> new AdjustResponse(r.movementId(), r.productId(), r.warehouseId(),
                r.previousQuantity(), r.currentQuantity(), r.delta(), r.reason(), r.events()));
    }
}
