package dev.stockpulse.inventory.product.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.inventory.ProductDeletedPayload;
import dev.stockpulse.events.inventory.ProductPayload;
import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.commons.outbox.OutboxWriter;
import dev.stockpulse.inventory.product.Product;
import dev.stockpulse.inventory.product.ProductRepository;
import dev.stockpulse.inventory.stock.service.StockEventFactory;
import dev.stockpulse.inventory.stock.service.StockEventFactory.Cause;

/** Creates, changes and deletes products; each change's event is written with it, in one transaction. */
@ApplicationScoped
public class ProductService {

    public record ProductData(String sku, String name, String category, BigDecimal unitPrice, long reorderLevel,
            long reorderQuantity, boolean active) {
    }

    private final ProductRepository products;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final StockEventFactory events;

    public ProductService(ProductRepository products, OutboxWriter outbox, OutboxRelay relay, StockEventFactory events) {
        this.products = products;
        this.outbox = outbox;
        this.relay = relay;
        this.events = events;
    }

    public Uni<Product> create(Cause cause, ProductData data) {
        return Panache.withTransaction(() -> requireFreeSku(cause.tenantId(), data.sku(), null).flatMap(free -> {
            Product p = new Product();
            p.id = UUID.randomUUID();
            p.tenantId = cause.tenantId();
            p.createdAt = Instant.now();
            copy(data, p);
            return products.persist(p).call(saved -> outbox.append(
                    events.envelope(EventType.PRODUCT_CREATED, cause, Priority.LOW, payload(saved)), saved.id.toString()));
        })).invoke(relay::signal);
    }

    public Uni<Product> update(Cause cause, UUID id, ProductData data) {
        return Panache.withTransaction(() -> existing(cause.tenantId(), id)
                .call(p -> requireFreeSku(cause.tenantId(), data.sku(), id))
                .flatMap(p -> {
                    copy(data, p);
                    return outbox.append(events.envelope(EventType.PRODUCT_UPDATED, cause, Priority.LOW, payload(p)),
                            p.id.toString()).replaceWith(p);
                })).invoke(relay::signal);
    }

    /** Soft delete: the product disappears from every read, its ledger stays, its SKU is free again. */
    public Uni<Void> delete(Cause cause, UUID id) {
        return Panache.withTransaction(() -> existing(cause.tenantId(), id).flatMap(p -> {
            p.deletedAt = Instant.now();
            p.active = false;
            return outbox.append(events.envelope(EventType.PRODUCT_DELETED, cause, Priority.LOW,
                    new ProductDeletedPayload(p.id.toString(), p.sku)), p.id.toString());
        })).invoke(relay::signal).replaceWithVoid();
    }

    private Uni<Product> existing(String tenantId, UUID id) {
        return products.findForTenant(tenantId, id).map(p -> {
            if (p == null) {
                throw ProblemException.notFound("Product", id);
            }
            return p;
        });
    }

    private Uni<Boolean> requireFreeSku(String tenantId, String sku, UUID except) {
        return products.skuTaken(tenantId, sku, except).map(taken -> {
            if (taken) {
                throw ProblemException.conflict("duplicate-sku", "Duplicate SKU", "A product with SKU " + sku + " exists already");
            }
            return true;
        });
    }

    private static void copy(ProductData data, Product p) {
        p.sku = data.sku();
        p.name = data.name();
        p.category = data.category();
        p.unitPrice = data.unitPrice();
        p.reorderLevel = data.reorderLevel();
        p.reorderQuantity = data.reorderQuantity();
        p.active = data.active();
        p.updatedAt = Instant.now();
    }

    private static ProductPayload payload(Product p) {
        return new ProductPayload(p.id.toString(), p.sku, p.name, p.category, p.unitPrice, p.reorderLevel,
                p.reorderQuantity, p.active);
    }
}
