package dev.stockpulse.inventory.stock.rest;

import static dev.stockpulse.commons.rest.RequestHeaders.CORRELATION_ID;
import static dev.stockpulse.commons.rest.RequestHeaders.CORRELATION_ID_MAX_LENGTH;
import static dev.stockpulse.commons.rest.RequestHeaders.IDEMPOTENCY_KEY;
import static dev.stockpulse.commons.rest.RequestHeaders.IDEMPOTENCY_KEY_MAX_LENGTH;

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
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.rest.Paging;
import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.inventory.product.ProductRepository;
import dev.stockpulse.inventory.stock.StockLevel;
import dev.stockpulse.inventory.stock.StockLevelRepository;
import dev.stockpulse.inventory.stock.StockMovement;
import dev.stockpulse.inventory.stock.StockMovementRepository;
import dev.stockpulse.inventory.stock.StockReason;
import dev.stockpulse.inventory.warehouse.WarehouseRepository;
import dev.stockpulse.inventory.stock.service.StockAdjustments;
import dev.stockpulse.inventory.stock.service.StockAdjustments.Adjustment;

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

    private final StockAdjustments adjustments;
    private final ProductRepository products;
    private final WarehouseRepository warehouses;
    private final StockLevelRepository levels;
    private final StockMovementRepository movementsRepo;
    private final Caller caller;

    public StockResource(StockAdjustments adjustments, ProductRepository products, WarehouseRepository warehouses,
            StockLevelRepository levels, StockMovementRepository movementsRepo, Caller caller) {
        this.adjustments = adjustments;
        this.products = products;
        this.warehouses = warehouses;
        this.levels = levels;
        this.movementsRepo = movementsRepo;
        this.caller = caller;
    }

    @POST
    @Path("/adjust")
    public Uni<AdjustResponse> adjust(@Valid @NotNull AdjustRequest request,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId,
            @HeaderParam(IDEMPOTENCY_KEY) @Size(min = 1, max = IDEMPOTENCY_KEY_MAX_LENGTH) String idempotencyKey) {
        if (request.quantity() == 0) {
            throw ProblemException.invalid("quantity", "must not be zero");
        }
        StockReason reason = StockReason.fromWire(request.reason()).filter(StockReason.MANUAL::contains).orElseThrow(() -> ProblemException.invalid("reason",
                "must be one of sale, receipt, return, damage, count_correction"));
        Adjustment adjustment = new Adjustment(caller.tenantId(), caller.userId(),
                correlationId == null || correlationId.isBlank() ? UUID.randomUUID().toString() : correlationId,
                request.productId(), request.warehouseId(), request.quantity(), reason);
        return adjustments.adjust(adjustment, idempotencyKey).map(r -> new AdjustResponse(r.movementId(), r.productId(), r.warehouseId(),
                r.previousQuantity(), r.currentQuantity(), r.delta(), r.reason(), r.events()));
    }

    public record StockLevelView(UUID productId, UUID warehouseId, long quantity, String lowStockPriority,
            Instant updatedAt) {
        static StockLevelView of(StockLevel l) {
            return new StockLevelView(l.productId, l.warehouseId, l.quantity, l.alertPriority, l.updatedAt);
        }
    }

    public record MovementView(UUID id, UUID productId, UUID warehouseId, long previousQuantity, long newQuantity,
            long delta, String reason, String actor, String correlationId, Instant createdAt) {
        static MovementView of(StockMovement m) {
            return new MovementView(m.id, m.productId, m.warehouseId, m.previousQuantity, m.newQuantity, m.delta,
                    m.reason, m.actor, m.correlationId, m.createdAt);
        }
    }

    @GET
    @Path("/products/{productId}/stock")
    @RolesAllowed({ Caller.ROLE_USER, Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
    @WithSession
    public Uni<List<StockLevelView>> stockOfProduct(@PathParam("productId") UUID productId) {
        String tenant = caller.tenantId();
        return products.findForTenant(tenant, productId).flatMap(product -> {
            if (product == null) {
                throw ProblemException.notFound("Product", productId);
            }
            return levels.byProduct(tenant, productId);
        }).map(all -> all.stream().map(StockLevelView::of).toList());
    }

    @GET
    @Path("/warehouses/{warehouseId}/stock")
    @RolesAllowed({ Caller.ROLE_USER, Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
    @WithSession
    public Uni<List<StockLevelView>> stockOfWarehouse(@PathParam("warehouseId") UUID warehouseId) {
        String tenant = caller.tenantId();
        return warehouses.findForTenant(tenant, warehouseId).flatMap(warehouse -> {
            if (warehouse == null) {
                throw ProblemException.notFound("Warehouse", warehouseId);
            }
            return levels.byWarehouse(tenant, warehouseId);
        }).map(all -> all.stream().map(StockLevelView::of).toList());
    }

    /** The movement ledger: every change with previous and new quantity, reason, actor, correlation id and time. */
    @GET
    @Path("/movements")
    @WithSession
    public Uni<List<MovementView>> movements(@QueryParam("product_id") UUID productId,
            @QueryParam("warehouse_id") UUID warehouseId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        return movementsRepo.ledger(caller.tenantId(), productId, warehouseId, page, size)
                .map(all -> all.stream().map(MovementView::of).toList());
    }
}
