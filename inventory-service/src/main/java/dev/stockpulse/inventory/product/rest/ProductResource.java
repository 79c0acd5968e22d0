package dev.stockpulse.inventory.product.rest;

import static dev.stockpulse.commons.rest.RequestHeaders.CORRELATION_ID;
import static dev.stockpulse.commons.rest.RequestHeaders.CORRELATION_ID_MAX_LENGTH;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.rest.Paging;
import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.inventory.product.Product;
import dev.stockpulse.inventory.product.ProductRepository;
import dev.stockpulse.inventory.product.service.ProductService;
import dev.stockpulse.inventory.product.service.ProductService.ProductData;
import dev.stockpulse.inventory.stock.service.StockEventFactory.Cause;

@Path("/api/products")
@RolesAllowed({ Caller.ROLE_USER, Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
public class ProductResource {

    public record ProductRequest(
            @NotBlank @Size(max = 64) String sku,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 100) String category,
            @NotNull @DecimalMin("0") @DecimalMax("999999999999.99") BigDecimal unitPrice,
            @NotNull @Min(0) @Max(1_000_000_000) Long reorderLevel,
            @NotNull @Min(0) @Max(1_000_000_000) Long reorderQuantity,
            Boolean active) {

        ProductData data() {
            return new ProductData(sku, name, category, unitPrice, reorderLevel, reorderQuantity, active == null || active);
        }
    }

    public record ProductView(UUID id, String sku, String name, String category, BigDecimal unitPrice,
            long reorderLevel, long reorderQuantity, boolean active) {
        static ProductView of(Product p) {
            return new ProductView(p.id, p.sku, p.name, p.category, p.unitPrice, p.reorderLevel, p.reorderQuantity, p.active);
        }
    }

    public record ProductPage(List<ProductView> items, int page, int size, long total) {
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
    public Uni<Response> create(@Valid @NotNull ProductRequest request,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId) {
        return service.create(cause(correlationId), request.data())
                .map(p -> Response.created(URI.create("/api/products/" + p.id)).entity(ProductView.of(p)).build());
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed({ Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
    public Uni<ProductView> update(@PathParam("id") UUID id, @Valid @NotNull ProductRequest request,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId) {
        return service.update(cause(correlationId), id, request.data()).map(ProductView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({ Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
    public Uni<Response> delete(@PathParam("id") UUID id,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId) {
        return service.delete(cause(correlationId), id).map(v -> Response.noContent().build());
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

    /** Products of the tenant by SKU, a page at a time; {@code low_stock=true} keeps those at or under reorder level. */
    @GET
    public Uni<ProductPage> list(@QueryParam("category") String category,
            @QueryParam("low_stock") @DefaultValue("false") boolean lowStockOnly,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        String tenant = caller.tenantId();
        return Panache.withSession(() -> products.page(tenant, category, lowStockOnly, page, size)
                .flatMap(items -> products.countMatching(tenant, category, lowStockOnly)
                        .map(total -> new ProductPage(items.stream().map(ProductView::of).toList(), page, size, total))));
    }

    private Cause cause(String correlationId) {
        return new Cause(caller.tenantId(), correlationId == null || correlationId.isBlank()
                ? UUID.randomUUID().toString() : correlationId, null);
    }
}
