package dev.stockpulse.sales.forecast.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.sales.ForecastPayload;
import dev.stockpulse.events.sales.ForecastPoint;
import dev.stockpulse.events.sales.ForecastUpdatedPayload;
import dev.stockpulse.events.sales.ModelMetrics;
import dev.stockpulse.events.sales.ModelRetrainedPayload;
import dev.stockpulse.sales.config.SalesConfig;
import dev.stockpulse.sales.demand.DemandHistory;
import dev.stockpulse.sales.demand.DemandHistory.Scope;
import dev.stockpulse.sales.demand.DemandHistory.Series;
import dev.stockpulse.sales.forecast.Backtest;
import dev.stockpulse.sales.forecast.Forecast;
import dev.stockpulse.sales.outbox.Cause;
import dev.stockpulse.sales.outbox.SalesEvents;
import dev.stockpulse.sales.product.ProductView;
import dev.stockpulse.sales.product.ProductViewRepository;

/**
 * Retrains demand forecasts from the demand history: per series, the {@link SeriesModel} fits on a worker thread
 * (it is CPU-bound), then the forecast and its backtest scores are stored and announced in one transaction through
 * the outbox — {@code sales.forecast.generated} for a series' first forecast, {@code sales.forecast.updated} when
 * the demand expected over the horizon moved past {@code sales.forecast.update-threshold-percent} since the last
 * one announced — and each tenant's run ends with {@code sales.forecast.model_retrained} and its metrics.
 *
 * <p>History is every closed UTC day up to yesterday; the forecast starts today. A series that fails (another
 * instance retraining it at the same moment) is logged and left for the next run.
 */
@ApplicationScoped
public class ForecastService {

    private static final Logger LOG = Logger.getLogger(ForecastService.class);
    private static final TypeReference<List<ForecastPoint>> POINTS = new TypeReference<>() {
    };
    /** The key of a tenant's model events: one partition keeps a tenant's retrainings in order. */
    static final String MODEL_AGGREGATE = "forecasts";

    /** What a retraining did to one series. */
    record Outcome(Series series, List<Backtest.Score> scores) {
    }

    private final DemandHistory history;
    private final DemandForecastRepository forecasts;
    private final ProductViewRepository products;
    private final SalesEvents events;
    private final OutboxRelay relay;
    private final Vertx vertx;
    private final SalesConfig.Forecast settings;
    private final SeriesModel model;

    public ForecastService(DemandHistory history, DemandForecastRepository forecasts, ProductViewRepository products,
            SalesEvents events, OutboxRelay relay, Vertx vertx, SalesConfig config) {
        this.history = history;
        this.forecasts = forecasts;
        this.products = products;
        this.events = events;
        this.relay = relay;
        this.vertx = vertx;
        this.settings = config.forecast();
        this.model = new SeriesModel(settings.horizon(), settings.level(), settings.backtestOrigins());
    }

    public SalesConfig.Forecast settings() {
        return settings;
    }

    /** Every series of every tenant; answers the tenants' {@code model_retrained} payloads. */
    public Uni<Map<String, ModelRetrainedPayload>> retrainAll() {
        LocalDate today = today();
        return history.allSeries(today).flatMap(series -> retrain(series, today,
                ModelRetrainedPayload.TRIGGER_SCHEDULE));
    }

    /** The series with at least {@code sales.forecast.retrain-after-new-days} closed days of new history. */
    public Uni<Map<String, ModelRetrainedPayload>> retrainNewHistory() {
        LocalDate today = today();
        // Anything recorded before the last two full retrainings has been fitted by them.
        OffsetDateTime recent = OffsetDateTime.now(ZoneOffset.UTC).minus(settings.retrainInterval().multipliedBy(2));
        return history.seriesWithNewHistory(today, settings.retrainAfterNewDays(), recent)
                .flatMap(series -> retrain(series, today, ModelRetrainedPayload.TRIGGER_NEW_HISTORY));
    }

    private Uni<Map<String, ModelRetrainedPayload>> retrain(List<Series> series, LocalDate today, String trigger) {
        Map<String, List<Series>> byTenant = series.stream()
                .collect(Collectors.groupingBy(Series::tenantId, LinkedHashMap::new, Collectors.toList()));
        Map<String, ModelRetrainedPayload> done = new LinkedHashMap<>();
        return Multi.createFrom().iterable(byTenant.entrySet())
                .onItem().transformToUniAndConcatenate(tenant -> retrainTenant(tenant.getKey(), tenant.getValue(),
                        today, trigger).invoke(payload -> done.put(tenant.getKey(), payload)))
                .collect().last()
                .replaceWith(done);
    }

    private Uni<ModelRetrainedPayload> retrainTenant(String tenantId, List<Series> series, LocalDate today,
            String trigger) {
        Cause cause = Cause.scheduled(tenantId, "forecast-retrain");
        return Multi.createFrom().iterable(series)
                .onItem().transformToUniAndConcatenate(s -> retrainSeries(s, today, cause)
                        .onFailure().invoke(e -> LOG.warnf("Forecast of %s %s/%s not retrained this time: %s",
                                s.scope().wireName(), s.tenantId(), s.subject(), e.getMessage()))
                        .onFailure().recoverWithNull())
                .collect().asList()
                .flatMap(outcomes -> {
                    List<Outcome> retrained = outcomes.stream().filter(Objects::nonNull).toList();
                    ModelRetrainedPayload payload = new ModelRetrainedPayload(trigger,
                            (int) retrained.stream().filter(o -> o.series().scope() == Scope.PRODUCT).count(),
                            (int) retrained.stream().filter(o -> o.series().scope() == Scope.CATEGORY).count(),
                            settings.horizon(), settings.level(),
                            average(retrained.stream().flatMap(o -> o.scores().stream()).toList()));
                    if (retrained.isEmpty()) {
                        return Uni.createFrom().item(payload);
                    }
                    return Panache.withTransaction(() -> events.publish(EventType.FORECAST_MODEL_RETRAINED, cause,
                            Priority.LOW, null, payload, MODEL_AGGREGATE)).replaceWith(payload);
                })
                .invoke(relay::signal);
    }

    private Uni<Outcome> retrainSeries(Series series, LocalDate today, Cause cause) {
        return history.days(series, today, settings.historyDays()).flatMap(days -> {
            if (days.length() == 0) {
                return Uni.createFrom().nullItem();
            }
            Instant fittedAt = Instant.now();
            return vertx.executeBlocking(Uni.createFrom().item(() -> model.retrain(days.units())))
                    .flatMap(result -> Panache.withTransaction(() -> store(series, today, days.length(), result,
                            fittedAt, cause)).replaceWith(new Outcome(series, result.scores())));
        });
    }

    /** Stores the new forecast and announces it if it is the first, or moved enough. */
    private Uni<Void> store(Series series, LocalDate today, int historyDays, SeriesModel.Result result,
            Instant fittedAt, Cause cause) {
        Forecast f = result.forecast();
        List<ForecastPoint> points = points(f, today);
        double total = round(points.stream().mapToDouble(ForecastPoint::demand).sum());
        return forecasts.findForUpdate(series).flatMap(existing -> categoryOf(series).flatMap(category -> {
            DemandForecast row = existing;
            if (row == null) {
                row = new DemandForecast();
                row.tenantId = series.tenantId();
                row.scope = series.scope().wireName();
                row.subject = series.subject();
                row.generatedAt = fittedAt;
            }
            row.category = category;
            row.method = f.method();
            row.level = f.level();
            row.horizon = points.size();
            row.startDate = today;
            row.historyDays = historyDays;
            row.predictedDemand = total;
            row.points = write(points);
            row.fittedAt = fittedAt;
            Uni<?> announced = Uni.createFrom().voidItem();
            String productId = series.scope() == Scope.PRODUCT ? series.subject() : null;
            if (existing == null) {
                announced = events.publish(EventType.FORECAST_GENERATED, cause, Priority.LOW, null,
                        new ForecastPayload(row.scope, productId, category, f.method(), row.horizon, f.level(), today,
                                total, historyDays, points), aggregateId(series));
            } else if (moved(existing.publishedDemand, total)) {
                Double change = existing.publishedDemand == 0 ? null
                        : round(100 * (total - existing.publishedDemand) / existing.publishedDemand);
                announced = events.publish(EventType.FORECAST_UPDATED, cause, Priority.LOW, null,
                        new ForecastUpdatedPayload(row.scope, productId, category, f.method(), existing.publishedMethod,
                                row.horizon, f.level(), today, total, historyDays, existing.publishedDemand, total,
                                change, points), aggregateId(series));
            }
            if (existing == null || moved(existing.publishedDemand, total)) {
                row.publishedDemand = total;
                row.publishedMethod = f.method();
            }
            DemandForecast toSave = row;
            return announced.flatMap(a -> forecasts.persist(toSave))
                    .flatMap(saved -> forecasts.replaceScores(series, result.scores(), fittedAt));
        }));
    }

    /**
     * The product's current forecast from today on, in the caller's session; null when it has none, or only one that
     * ended before today.
     */
    public Uni<Forecast> currentForecast(String tenantId, String productId) {
        LocalDate today = today();
        return forecasts.find(tenantId, Scope.PRODUCT.wireName(), productId).map(row -> {
            if (row == null) {
                return null;
            }
            List<ForecastPoint> points = readPoints(row);
            int from = (int) Math.max(0, ChronoUnit.DAYS.between(row.startDate, today));
            if (from >= points.size()) {
                return null;
            }
            List<ForecastPoint> ahead = points.subList(from, points.size());
            return new Forecast(row.method, row.level, ahead.stream().mapToDouble(ForecastPoint::demand).toArray(),
                    ahead.stream().mapToDouble(ForecastPoint::lower).toArray(),
                    ahead.stream().mapToDouble(ForecastPoint::upper).toArray());
        });
    }

    /** Moved by more than the threshold; any demand after a forecast of none is a move. */
    boolean moved(double published, double now) {
        if (published == 0) {
            return now > 0;
        }
        return Math.abs(now - published) / published * 100 > settings.updateThresholdPercent();
    }

    private Uni<String> categoryOf(Series series) {
        if (series.scope() == Scope.CATEGORY) {
            return Uni.createFrom().item(series.subject());
        }
        return products.find(series.tenantId(), series.subject()).map(p -> p == null ? null : categoryOf(p));
    }

    private static String categoryOf(ProductView product) {
        return product.category;
    }

    /** Products share keys with their other events; a category gets its own, apart from any product id. */
    static String aggregateId(Series series) {
        return series.scope() == Scope.PRODUCT ? series.subject() : "category:" + series.subject();
    }

    /** Two decimals, the interval stretched to hold the point (empirical quantiles need not straddle it). */
    static List<ForecastPoint> points(Forecast f, LocalDate start) {
        List<ForecastPoint> points = new ArrayList<>(f.point().length);
        for (int d = 0; d < f.point().length; d++) {
            double point = round(f.point()[d]);
            points.add(new ForecastPoint(start.plusDays(d), point, Math.min(round(f.lower()[d]), point),
                    Math.max(round(f.upper()[d]), point)));
        }
        return points;
    }

    /** Per method, the mean of the series' scores, the benchmark first and the selection last. */
    static List<ModelMetrics> average(List<Backtest.Score> scores) {
        Map<String, List<Backtest.Score>> byMethod = scores.stream()
                .collect(Collectors.groupingBy(Backtest.Score::method));
        return byMethod.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, List<Backtest.Score>> e) -> order(e.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .map(e -> {
                    List<Backtest.Score> s = e.getValue();
                    double[] biasPercent = s.stream().mapToDouble(Backtest.Score::biasPercent)
                            .filter(Double::isFinite).toArray();
                    return new ModelMetrics(e.getKey(), s.size(),
                            round3(s.stream().mapToDouble(Backtest.Score::mase).average().orElseThrow()),
                            round3(s.stream().mapToDouble(Backtest.Score::rmsse).average().orElseThrow()),
                            round(s.stream().mapToDouble(Backtest.Score::bias).average().orElseThrow()),
                            biasPercent.length == 0 ? null
                                    : round(Arrays.stream(biasPercent).average().orElseThrow()),
                            round3(s.stream().mapToDouble(Backtest.Score::coverage).average().orElseThrow()));
                })
                .toList();
    }

    private static int order(String method) {
        return switch (method) {
            case "seasonal_naive" -> 0;
            case SeriesModel.SELECTED -> 2;
            default -> 1;
        };
    }

    public static List<ForecastPoint> readPoints(DemandForecast row) {
        try {
            return EventCodec.mapper().readValue(row.points, POINTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("demand_forecast.points of " + row.subject + " is not JSON", e);
        }
    }

    private static String write(List<ForecastPoint> points) {
        try {
            return EventCodec.mapper().writeValueAsString(points);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
