package dev.stockpulse.sales.product.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.inventory.ProductDeletedPayload;
import dev.stockpulse.events.inventory.ProductPayload;
import dev.stockpulse.events.inventory.StockUpdatedPayload;
import dev.stockpulse.sales.product.ProductView;
import dev.stockpulse.sales.product.ProductViewRepository;
import dev.stockpulse.sales.product.WarehouseStock;
import dev.stockpulse.sales.product.WarehouseStockRepository;

/**
 * Keeps {@link ProductView} up to date from inventory-events, inside the consumer's transaction. Per product the
 * events arrive in order (one Kafka key per product), so the last event wins; times are the events' own.
 */
@ApplicationScoped
public class ProductProjection {

    /** Stock movements that are demand: what inventory counts as sold for days of stock remaining. */
    static final Set<String> SALE_REASONS = Set.of("sale", "reservation");

    /**
     * @param sold whether the change was a sale (or a reservation for an order)
     */
    public record StockChange(ProductView product, boolean sold) {
    }

    private final ProductViewRepository products;
    private final WarehouseStockRepository levels;

    public ProductProjection(ProductViewRepository products, WarehouseStockRepository levels) {
        this.products = products;
        this.levels = levels;
    }

    public Uni<ProductView> onProduct(EventEnvelope<ProductPayload> event) {
        ProductPayload p = event.payload();
        return findOrNew(event.metadata().tenantId(), p.productId()).flatMap(view -> {
            view.sku = p.sku();
            view.name = p.name();
            view.category = p.category();
            view.unitPrice = p.unitPrice();
            view.reorderLevel = p.reorderLevel();
            view.reorderQuantity = p.reorderQuantity();
            view.active = p.active();
            view.deleted = false;
            view.catalogued = true;
            view.updatedAt = Instant.now();
            return products.persist(view);
        });
    }

    public Uni<ProductView> onProductDeleted(EventEnvelope<ProductDeletedPayload> event) {
        ProductDeletedPayload p = event.payload();
        return findOrNew(event.metadata().tenantId(), p.productId()).flatMap(view -> {
            view.sku = p.sku();
            view.deleted = true;
            view.active = false;
            view.updatedAt = Instant.now();
            return products.persist(view);
        });
    }

    /**
     * Locks and loads, in two statements per tenant, the products these stock updates are about and their warehouses'
     * levels, so that applying each update ({@link #onStockUpdated}) finds them in the session instead of reading them
     * one statement at a time.
     */
    public Uni<Void> prefetch(List<EventEnvelope<StockUpdatedPayload>> updates) {
        Map<String, Set<String>> byTenant = new TreeMap<>();
        for (EventEnvelope<StockUpdatedPayload> update : updates) {
            byTenant.computeIfAbsent(update.metadata().tenantId(), t -> new TreeSet<>()).add(update.payload().productId());
        }
        return Multi.createFrom().iterable(byTenant.entrySet())
                .onItem().transformToUniAndConcatenate(tenant -> products.findAllForUpdate(tenant.getKey(), tenant.getValue())
                        .call(() -> levels.findAll(tenant.getKey(), tenant.getValue())))
                .collect().last().replaceWithVoid();
    }

    /** Records the warehouse's new level, the product's stock on hand and, for a sale, the time of the last sale. */
    public Uni<StockChange> onStockUpdated(EventEnvelope<StockUpdatedPayload> event) {
        StockUpdatedPayload p = event.payload();
        String tenant = event.metadata().tenantId();
        Instant at = event.metadata().timestamp();
        return findOrNew(tenant, p.productId()).flatMap(view -> levels.find(tenant, p.productId(), p.warehouseId())
                .flatMap(level -> {
                    WarehouseStock current = level;
                    long before = 0;
                    if (current == null) {
                        current = new WarehouseStock();
                        current.tenantId = tenant;
                        current.productId = p.productId();
                        current.warehouseId = p.warehouseId();
                    } else {
                        before = current.quantity;
                    }
                    current.quantity = p.currentQuantity();
                    current.updatedAt = at;

                    long onHandBefore = view.stockOnHand;
                    view.stockOnHand = onHandBefore - before + p.currentQuantity();
                    if (view.stockOnHand <= 0) {
                        view.onHandSince = null;
                    } else if (onHandBefore <= 0 || view.onHandSince == null) {
                        view.onHandSince = at;
                    }
                    boolean sold = p.delta() < 0 && SALE_REASONS.contains(p.reason());
                    if (sold && (view.lastSaleAt == null || at.isAfter(view.lastSaleAt))) {
                        view.lastSaleAt = at;
                    }
                    if (view.sku == null) {
                        view.sku = p.productSku();
                    }
                    view.updatedAt = Instant.now();
                    return levels.persist(current).flatMap(saved -> products.persist(view))
                            .map(saved -> new StockChange(saved, sold));
                }));
    }

    /** Locks the product's row: see {@link ProductViewRepository#findForUpdate}. */
    private Uni<ProductView> findOrNew(String tenantId, String productId) {
        return products.findForUpdate(tenantId, productId).map(found -> {
            if (found != null) {
                return found;
            }
            ProductView view = new ProductView();
            view.tenantId = tenantId;
            view.productId = productId;
            return view;
        });
    }
}
