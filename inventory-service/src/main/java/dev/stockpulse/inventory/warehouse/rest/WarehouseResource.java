package dev.stockpulse.inventory.warehouse.rest;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.inventory.warehouse.Warehouse;
import dev.stockpulse.inventory.warehouse.WarehouseRepository;

@Path("/api/warehouses")
@RolesAllowed({ Caller.ROLE_USER, Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
public class WarehouseResource {

    public record WarehouseRequest(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "letters, digits, '.', '_' or '-' only") String code,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 200) String location) {
    }

    public record WarehouseView(UUID id, String code, String name, String location, Instant createdAt) {
        static WarehouseView of(Warehouse w) {
            return new WarehouseView(w.id, w.code, w.name, w.location, w.createdAt);
        }
    }

    private final WarehouseRepository warehouses;
    private final Caller caller;

    public WarehouseResource(WarehouseRepository warehouses, Caller caller) {
        this.warehouses = warehouses;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
    @WithTransaction
    public Uni<Response> create(@Valid @NotNull WarehouseRequest request) {
        String tenant = caller.tenantId();
        return warehouses.codeTaken(tenant, request.code()).flatMap(taken -> {
            if (taken) {
                throw ProblemException.conflict("duplicate-warehouse", "Duplicate warehouse",
                        "A warehouse with code " + request.code() + " exists already");
            }
            Warehouse w = new Warehouse();
            w.id = UUID.randomUUID();
            w.tenantId = tenant;
            w.code = request.code();
            w.name = request.name();
            w.location = request.location();
            w.createdAt = Instant.now();
            return warehouses.persist(w);
        }).map(w -> Response.created(URI.create("/api/warehouses/" + w.id)).entity(WarehouseView.of(w)).build());
    }

    @GET
    @WithSession
    public Uni<List<WarehouseView>> list() {
        return warehouses.listForTenant(caller.tenantId()).map(all -> all.stream().map(WarehouseView::of).toList());
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<WarehouseView> get(@PathParam("id") UUID id) {
        return warehouses.findForTenant(caller.tenantId(), id).map(w -> {
            if (w == null) {
                throw ProblemException.notFound("Warehouse", id);
            }
            return WarehouseView.of(w);
        });
    }
}
