package dev.stockpulse.inventory.product.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.inventory.ProductPayload;
import dev.stockpulse.inventory.outbox.OutboxRelay;
import dev.stockpulse.inventory.outbox.OutboxWriter;
import dev.stockpulse.inventory.product.Product;
import dev.stockpulse.inventory.product.ProductRepository;
import dev.stockpulse.inventory.stock.service.StockService;

/** Creates products; the product.created event is written with the product, in one transaction. */
@ApplicationScoped
public class ProductService {

    public record NewProduct(String sku, String name, String category, BigDecimal unitPrice, long reorderLevel,
            long reorderQuantity) {
    }

    private final ProductRepository products;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;

    public ProductService(ProductRepository products, OutboxWriter outbox, OutboxRelay relay) {
        this.products = products;
        this.outbox = outbox;
        this.relay = relay;
    }

    public Uni<Product> create(String tenantId, String correlationId, NewProduct request) {
        return Panache.withTransaction(() -> products.skuTaken(tenantId, request.sku()).flatMap(taken -> {
            if (taken) {
                throw ProblemException.conflict("duplicate-sku", "Duplicate SKU",
                        "A product with SKU " + request.sku() + " exists already");
            }
            Product p = new Product();
            p.id = UUID.randomUUID();
            p.tenantId = tenantId;
            p.sku = request.sku();
            p.name = request.name();
            p.category = request.category();
            p.unitPrice = request.unitPrice();
            p.reorderLevel = request.reorderLevel();
            p.reorderQuantity = request.reorderQuantity();
            p.active = true;
            p.createdAt = Instant.now();
            p.updatedAt = p.createdAt;
            EventEnvelope<ProductPayload> event = new EventEnvelope<>(
                    EventMetadata.create(EventType.PRODUCT_CREATED, StockService.SOURCE, tenantId, correlationId, Priority.LOW),
                    new ProductPayload(p.id.toString(), p.sku, p.name, p.category, p.unitPrice, p.reorderLevel,
                            p.reorderQuantity, p.active));
            return products.persist(p).flatMap(saved -> outbox.append(event, saved.id.toString()).replaceWith(saved));
        })).invoke(relay::signal);
    }
}
