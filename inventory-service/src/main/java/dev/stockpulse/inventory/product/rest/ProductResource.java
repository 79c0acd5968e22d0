package dev.stockpulse.inventory.product.rest;

import java.math.BigDecimal;
import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.inventory.product.Product;
import dev.stockpulse.inventory.product.ProductRepository;
import dev.stockpulse.inventory.product.service.ProductService;
import dev.stockpulse.inventory.product.service.ProductService.NewProduct;

@Path("/api/products")
@RolesAllowed({ Caller.ROLE_USER, Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
public class ProductResource {

    public record ProductRequest(
            @NotBlank @Size(max = 64) String sku,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 100) String category,
            @NotNull @DecimalMin("0") @DecimalMax("999999999999.99") BigDecimal unitPrice,
            @NotNull @Min(0) @Max(1_000_000_000) Long reorderLevel,
            @NotNull @Min(0) @Max(1_000_000_000) Long reorderQuantity) {
    }

    public record ProductView(UUID id, String sku, String name, String category, BigDecimal unitPrice,
            long reorderLevel, long reorderQuantity, boolean active) {
        static ProductView of(Product p) {
            return new ProductView(p.id, p.sku, p.name, p.category, p.unitPrice, p.reorderLevel, p.reorderQuantity, p.active);
        }
    }

    private final ProductService service;
    private final ProductRepository products;
    private final Caller caller;

    public ProductResource(ProductService service, ProductRepository products, Caller caller) {
        this.service = service;
        this.products = products;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({ Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
    public Uni<Response> create(@Valid @NotNull ProductRequest request, @HeaderParam("X-Correlation-Id") String correlationId) {
        NewProduct product = new NewProduct(request.sku(), request.name(), request.category(), request.unitPrice(),
                request.reorderLevel(), request.reorderQuantity());
        return service.create(caller.tenantId(), correlationId == null ? UUID.randomUUID().toString() : correlationId, product)
                .map(p -> Response.created(URI.create("/api/products/" + p.id)).entity(ProductView.of(p)).build());
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<ProductView> get(@PathParam("id") UUID id) {
        return products.findForTenant(caller.tenantId(), id).map(p -> {
            if (p == null) {
                throw ProblemException.notFound("Product", id);
            }
            return ProductView.of(p);
        });
    }
}
