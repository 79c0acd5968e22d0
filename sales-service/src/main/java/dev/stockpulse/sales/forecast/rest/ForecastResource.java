package dev.stockpulse.sales.forecast.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.events.sales.ForecastPoint;
import dev.stockpulse.events.sales.ModelMetrics;
import dev.stockpulse.sales.demand.DemandHistory.Scope;
import dev.stockpulse.sales.forecast.service.DemandForecast;
import dev.stockpulse.sales.forecast.service.DemandForecastRepository;
import dev.stockpulse.sales.forecast.service.ForecastService;

/**
 * The tenant's demand forecasts, for staff and admins: a product's, a category's, and the backtest accuracy behind
 * them. A series never forecast (no demand yet, or not retrained since) is a 404.
 */
@Path("/api/forecasts")
@RolesAllowed({ Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
public class ForecastResource {

    /**
     * @param predictedDemand units expected over the horizon
     * @param fittedAt        when it was last retrained
     */
    public record ForecastView(String scope, String productId, String category, String method, double level,
            int horizon, LocalDate startDate, double predictedDemand, int historyDays, Instant generatedAt,
            Instant fittedAt, List<ForecastPoint> points) {
        static ForecastView of(DemandForecast f) {
            return new ForecastView(f.scope, Scope.PRODUCT.wireName().equals(f.scope) ? f.subject : null, f.category,
                    f.method, f.level, f.horizon, f.startDate, f.predictedDemand, f.historyDays, f.generatedAt,
                    f.fittedAt, ForecastService.readPoints(f));
        }
    }

    /**
     * @param scope   the series averaged: {@code product}, {@code category}, or null for both
     * @param metrics per method, the benchmark ({@code seasonal_naive}) first and {@code selected} last
     */
    public record AccuracyView(String scope, int horizon, double level, List<ModelMetrics> metrics) {
    }

    private final DemandForecastRepository forecasts;
    private final ForecastService service;
    private final Caller caller;

    public ForecastResource(DemandForecastRepository forecasts, ForecastService service, Caller caller) {
        this.forecasts = forecasts;
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Path("/products/{productId}")
    public Uni<ForecastView> product(@PathParam("productId") @Size(max = 64) String productId) {
        return find(Scope.PRODUCT, productId, "Forecast of product");
    }

    @GET
    @Path("/categories/{category}")
    public Uni<ForecastView> category(@PathParam("category") @Size(max = 100) String category) {
        return find(Scope.CATEGORY, category, "Forecast of category");
    }

    /** The last rolling-origin backtest of each of the tenant's series, averaged per method. */
    @GET
    @Path("/accuracy")
    public Uni<AccuracyView> accuracy(@QueryParam("scope") String scope) {
        String filter = scope == null || scope.isBlank() ? null : switch (scope) {
            case "product", "category" -> scope;
            default -> throw ProblemException.invalid("scope", "must be product or category");
        };
        return forecasts.accuracy(caller.tenantId(), filter).map(metrics -> new AccuracyView(filter,
                service.settings().horizon(), service.settings().level(), metrics));
    }

    private Uni<ForecastView> find(Scope scope, String subject, String what) {
        String tenant = caller.tenantId();
        return Panache.withSession(() -> forecasts.find(tenant, scope.wireName(), subject)).map(found -> {
            if (found == null) {
                throw ProblemException.notFound(what, subject);
            }
            return ForecastView.of(found);
        });
    }
}
