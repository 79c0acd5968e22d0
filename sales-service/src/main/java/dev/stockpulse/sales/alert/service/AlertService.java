package dev.stockpulse.sales.alert.service;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.text.ColumnText;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.inventory.OutOfStockPayload;
import dev.stockpulse.events.inventory.StockReplenishedPayload;
import dev.stockpulse.events.sales.AlertPayload;
import dev.stockpulse.events.sales.ReorderSuggestion;
import dev.stockpulse.sales.alert.Alert;
import dev.stockpulse.sales.alert.AlertRepository;
import dev.stockpulse.sales.alert.service.AlertRules.Finding;
import dev.stockpulse.sales.config.SalesConfig;
import dev.stockpulse.sales.forecast.StockCover;
import dev.stockpulse.sales.forecast.service.ForecastService;
import dev.stockpulse.sales.order.OrderRepository;
import dev.stockpulse.sales.outbox.Cause;
import dev.stockpulse.sales.outbox.SalesEvents;
import dev.stockpulse.sales.product.ProductView;
import dev.stockpulse.sales.product.ProductViewRepository;
import dev.stockpulse.sales.product.WarehouseStockRepository;
import dev.stockpulse.sales.product.service.ProductProjection.StockChange;

/**
 * The alert lifecycle: raised → escalated (priority rises) → acknowledged (a person) → resolved (replenishment, a
 * sale, or a person). Every transition is published on {@code sales-events} through the outbox; a repeat that does not
 * raise the priority updates the numbers silently. Runs inside the caller's transaction; the caller signals the relay
 * after the commit.
 */
@ApplicationScoped
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);

    /** The kinds a replenishment resolves: the shortages. */
    static final Set<String> SHORTAGE_KINDS = Set.of(AlertPayload.KIND_LOW_STOCK, AlertPayload.KIND_OUT_OF_STOCK,
            AlertPayload.KIND_REORDER_NEEDED, AlertPayload.KIND_STOCKOUT_RISK);
    static final Set<String> ALL_KINDS = Set.of(AlertPayload.KIND_LOW_STOCK, AlertPayload.KIND_OUT_OF_STOCK,
            AlertPayload.KIND_REORDER_NEEDED, AlertPayload.KIND_STOCKOUT_RISK, AlertPayload.KIND_DEAD_STOCK);

    private final AlertRepository alerts;
    private final OrderRepository orders;
    private final WarehouseStockRepository levels;
    private final SalesEvents events;
    private final AlertRules.Settings settings;
    private final ForecastService forecasts;
    private final ProductViewRepository products;
    private final SalesConfig.Alerts config;

    public AlertService(AlertRepository alerts, OrderRepository orders, WarehouseStockRepository levels,
            SalesEvents events, SalesConfig config, ForecastService forecasts, ProductViewRepository products) {
        this.alerts = alerts;
        this.orders = orders;
        this.levels = levels;
        this.events = events;
        this.forecasts = forecasts;
        this.products = products;
        this.config = config.alerts();
        this.settings = new AlertRules.Settings(config.alerts().stockoutRiskDays(), config.alerts().reorderLeadTimeDays(),
                config.alerts().deadStockDays());
    }

    public AlertRules.Settings settings() {
        return settings;
    }

    /** {@code low_stock}, and {@code stockout_risk} and {@code reorder_needed} when the numbers call for them. */
    public Uni<Void> onLowStock(Cause cause, EventEnvelope<LowStockPayload> event) {
        LowStockPayload p = event.payload();
        String tenant = event.metadata().tenantId();
        return orders.pendingDemand(tenant, p.productId()).flatMap(pending -> cover(tenant, p.productId())
                .flatMap(cover -> apply(cause, tenant, p.productId(),
                        AlertRules.lowStock(p, event.metadata().priority(), pending, settings, cover),
                        event.metadata().eventId())));
    }

    /** The product's forecast against its stock on hand, or null when it has no current forecast. */
    private Uni<AlertRules.ForecastCover> cover(String tenantId, String productId) {
        return forecasts.currentForecast(tenantId, productId).flatMap(forecast -> forecast == null
                ? Uni.createFrom().nullItem()
                : products.find(tenantId, productId).map(product -> {
                    long onHand = product == null ? 0 : Math.max(0, product.stockOnHand);
                    return new AlertRules.ForecastCover(forecast.method(), onHand,
                            StockCover.daysOfStock(onHand, forecast),
                            StockCover.reorder(forecast, config.reorderLeadTimeDays(), config.reviewPeriodDays(),
                                    config.serviceLevel(), onHand, 0),
                            config.serviceLevel(), config.reorderLeadTimeDays(), config.reviewPeriodDays());
                }));
    }

    public Uni<Void> onOutOfStock(Cause cause, EventEnvelope<OutOfStockPayload> event) {
        OutOfStockPayload p = event.payload();
        String tenant = event.metadata().tenantId();
        Uni<Long> stock = p.warehouseId() == null ? Uni.createFrom().item(0L)
                : levels.find(tenant, p.productId(), p.warehouseId()).map(l -> l == null ? 0L : Math.min(0L, l.quantity));
        return stock.flatMap(current -> orders.pendingDemand(tenant, p.productId())
                .flatMap(pending -> apply(cause, tenant, p.productId(),
                        List.of(AlertRules.outOfStock(p, current, pending)), event.metadata().eventId())));
    }

    /**
     * Resolves the product's shortage alerts, unless another warehouse of the product still reports a level at or
     * under the reorder level: then the shortage is not over, and that warehouse's replenishment will resolve them.
     */
    public Uni<Void> onReplenished(Cause cause, EventEnvelope<StockReplenishedPayload> event) {
        StockReplenishedPayload p = event.payload();
        String tenant = event.metadata().tenantId();
        return levels.anotherAtOrUnder(tenant, p.productId(), p.warehouseId(), p.reorderLevel()).flatMap(stillShort -> {
            if (stillShort) {
                return Uni.createFrom().voidItem();
            }
            String label = ProductView.label(p.productName(), p.productSku(), p.productId());
            return resolveOpen(cause, tenant, p.productId(), SHORTAGE_KINDS,
                    label + " replenished: " + p.currentStock() + " in stock", alert -> {
                        alert.currentStock = p.currentStock();
                        alert.reorderLevel = p.reorderLevel();
                        alert.lastEventId = event.metadata().eventId();
                    });
        });
    }

    /** A sale, or the stock running out, ends a product's dead-stock alert. */
    public Uni<Void> onStockChange(Cause cause, StockChange change) {
        ProductView product = change.product();
        if (!change.sold() && product.stockOnHand > 0) {
            return Uni.createFrom().voidItem();
        }
        String resolution = change.sold() ? product.label() + " sold again" : product.label() + " has no stock left";
        return resolveOpen(cause, product.tenantId, product.productId, Set.of(AlertPayload.KIND_DEAD_STOCK), resolution,
                alert -> alert.currentStock = product.stockOnHand);
    }

    /** A deleted product needs no more attention. */
    public Uni<Void> onProductDeleted(Cause cause, String tenantId, String productId, String sku) {
        return resolveOpen(cause, tenantId, productId, ALL_KINDS, "product " + sku + " was deleted", alert -> {
        });
    }

    /**
     * Raises the finding's alert, or updates the open one of its kind: a higher priority escalates it (also when it
     * was acknowledged, since the person acknowledged a lesser situation); otherwise the numbers change silently.
     */
    public Uni<Alert> raiseOrUpdate(Cause cause, String tenantId, String productId, Finding finding, String lastEventId) {
        return alerts.findOpenForUpdate(tenantId, productId, finding.kind()).flatMap(open -> {
            Instant now = Instant.now();
            EventType transition = null;
            Alert alert = open;
            if (alert == null) {
                alert = new Alert();
                alert.id = UUID.randomUUID();
                alert.tenantId = tenantId;
                alert.productId = productId;
                alert.kind = finding.kind();
                alert.status = Alert.STATUS_RAISED;
                alert.priority = finding.priority().wireName();
                alert.raisedAt = now;
                transition = EventType.ALERT_RAISED;
            } else if (finding.priority().isHigherThan(Priority.fromWire(alert.priority))) {
                alert.status = Alert.STATUS_ESCALATED;
                alert.priority = finding.priority().wireName();
                transition = EventType.ALERT_ESCALATED;
            }
            copy(finding, alert);
            alert.lastEventId = lastEventId;
            alert.updatedAt = now;
            EventType published = transition;
            Alert changed = alert;
            return alerts.persist(changed).call(saved -> published == null ? Uni.createFrom().voidItem()
                    : publish(published, cause, saved, saved.message));
        });
    }

    /** A person takes charge. Acknowledging twice changes nothing; a resolved alert cannot be acknowledged. */
    public Uni<Alert> acknowledge(Cause cause, UUID id) {
        return alerts.findForTenantForUpdate(cause.tenantId(), id).flatMap(alert -> {
            if (alert == null) {
                throw ProblemException.notFound("Alert", id);
            }
            if (!alert.isOpen()) {
                throw ProblemException.conflict("alert-resolved", "Alert already resolved",
                        "Alert " + id + " was resolved at " + alert.resolvedAt + " and cannot be acknowledged");
            }
            if (Alert.STATUS_ACKNOWLEDGED.equals(alert.status)) {
                return Uni.createFrom().item(alert);
            }
            Instant now = Instant.now();
            alert.status = Alert.STATUS_ACKNOWLEDGED;
            alert.acknowledgedBy = cause.actor();
            alert.acknowledgedAt = now;
            alert.updatedAt = now;
            return alerts.persist(alert).call(saved -> publish(EventType.ALERT_ACKNOWLEDGED, cause, saved,
                    "Acknowledged by " + cause.actor() + ": " + saved.message));
        });
    }

    /** A person closes the alert. Resolving a resolved alert changes nothing. */
    public Uni<Alert> resolve(Cause cause, UUID id, String note) {
        return alerts.findForTenantForUpdate(cause.tenantId(), id).flatMap(alert -> {
            if (alert == null) {
                throw ProblemException.notFound("Alert", id);
            }
            if (!alert.isOpen()) {
                return Uni.createFrom().item(alert);
            }
            String resolution = "Resolved by " + cause.actor() + (note == null || note.isBlank() ? "" : ": " + note.strip());
            return close(cause, alert, cause.actor(), resolution);
        });
    }

    private Uni<Void> apply(Cause cause, String tenantId, String productId, List<Finding> findings, String eventId) {
        return Multi.createFrom().iterable(findings)
                .onItem().transformToUniAndConcatenate(f -> raiseOrUpdate(cause, tenantId, productId, f, eventId))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> resolveOpen(Cause cause, String tenantId, String productId, Set<String> kinds, String resolution,
            Consumer<Alert> update) {
        return alerts.openOfProductForUpdate(tenantId, productId, kinds).flatMap(open -> Multi.createFrom().iterable(open)
                .onItem().transformToUniAndConcatenate(alert -> {
                    update.accept(alert);
                    return close(cause, alert, null, resolution);
                })
                .collect().last().replaceWithVoid());
    }

    private Uni<Alert> close(Cause cause, Alert alert, String by, String resolution) {
        Instant now = Instant.now();
        alert.status = Alert.STATUS_RESOLVED;
        alert.resolvedBy = by;
        alert.resolvedAt = now;
        alert.resolution = ColumnText.fit(resolution, Alert.TEXT_LENGTH);
        alert.updatedAt = now;
        return alerts.persist(alert).call(saved -> publish(EventType.ALERT_RESOLVED, cause, saved, saved.resolution));
    }

    private Uni<Void> publish(EventType type, Cause cause, Alert alert, String message) {
        LOG.infof("Alert %s %s: %s alert on product %s, priority %s", alert.id, alert.status, alert.kind,
                alert.productId, alert.priority);
        return events.publish(type, cause, Priority.fromWire(alert.priority), cause.actor(), payload(alert, message),
                alert.productId).replaceWithVoid();
    }

    static AlertPayload payload(Alert a, String message) {
        ReorderSuggestion suggestion = a.suggestedQuantity == null || a.suggestedQuantity <= 0 ? null
                : new ReorderSuggestion(a.suggestedQuantity, a.suggestionRationale);
        return new AlertPayload(a.id.toString(), a.kind, a.status, a.productId, a.productSku, a.productName,
                Priority.fromWire(a.priority), a.currentStock, a.reorderLevel, a.daysOfStockRemaining, suggestion,
                a.ordersAtRisk(), message);
    }

    private static void copy(Finding f, Alert alert) {
        if (f.productSku() != null) {
            alert.productSku = f.productSku();
        }
        if (f.productName() != null) {
            alert.productName = f.productName();
        }
        alert.warehouseId = f.warehouseId();
        alert.currentStock = f.currentStock();
        alert.reorderLevel = f.reorderLevel();
        alert.reorderQuantity = f.reorderQuantity();
        alert.daysOfStockRemaining = f.daysOfStockRemaining();
        alert.daysSinceLastSale = f.daysSinceLastSale();
        alert.stockValue = f.stockValue();
        alert.suggestedQuantity = f.suggestion() == null ? null : f.suggestion().quantity();
        alert.suggestionRationale = f.suggestion() == null ? null
                : ColumnText.fit(f.suggestion().rationale(), Alert.TEXT_LENGTH);
        alert.ordersAtRisk(f.ordersAtRisk());
        // Composed from a product name, SKU and warehouse location, each within its own column but together not.
        alert.message = ColumnText.fit(f.message(), Alert.TEXT_LENGTH);
    }
}
