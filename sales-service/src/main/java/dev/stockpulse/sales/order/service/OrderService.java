package dev.stockpulse.sales.order.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.idempotency.IdempotencyKeys;
import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.commons.problem.Problem;
import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.inventory.ShortLine;
import dev.stockpulse.events.inventory.StockReservationFailedPayload;
import dev.stockpulse.events.inventory.StockReservedPayload;
import dev.stockpulse.events.sales.OrderLine;
import dev.stockpulse.events.sales.OrderPayload;
import dev.stockpulse.sales.demand.DemandHistory;
import dev.stockpulse.sales.order.IllegalOrderTransitionException;
import dev.stockpulse.sales.order.OrderLineItem;
import dev.stockpulse.sales.order.OrderRepository;
import dev.stockpulse.sales.order.OrderRepository.OrderWithLines;
import dev.stockpulse.sales.order.SalesOrder;
import dev.stockpulse.sales.outbox.Cause;
import dev.stockpulse.sales.outbox.SalesEvents;
import dev.stockpulse.sales.product.ProductView;
import dev.stockpulse.sales.product.ProductViewRepository;

/**
 * Orders and their flow with inventory-service: a new order is {@code pending} and announced as
 * {@code sales.order.created}; inventory's {@code inventory.stock.reserved} confirms it and
 * {@code inventory.stock.reservation_failed} rejects it; a cancel is announced as {@code sales.order.cancelled}, on
 * which inventory releases what it reserved. Every event goes out through the outbox with the change and carries the
 * buyer as {@code user_id}.
 *
 * <p>Prices come from the product view (inventory's catalogue events), never from the request: a buyer does not
 * set their own price, and an order for a product the catalogue does not offer is refused up front.
 */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class);

    /** One line of a new order, as the buyer asked for it. */
    public record NewLine(String productId, long quantity) {
    }

    private final OrderRepository orders;
    private final ProductViewRepository products;
    private final SalesEvents events;
    private final OutboxRelay relay;
    private final IdempotencyKeys keys;
    private final DemandHistory demand;

    public OrderService(OrderRepository orders, ProductViewRepository products, SalesEvents events, OutboxRelay relay,
            ObjectMapper json, DemandHistory demand) {
        this.orders = orders;
        this.products = products;
        this.events = events;
        this.relay = relay;
        this.keys = new IdempotencyKeys(json);
        this.demand = demand;
    }

    public Uni<OrderWithLines> create(Cause cause, List<NewLine> lines) {
        return Panache.withTransaction(() -> createInTransaction(cause, lines)).invoke(relay::signal);
    }

    /**
     * As {@link #create(Cause, List)}, once per {@code Idempotency-Key} of the buyer: a repeat of the same request
     * answers the order the first one placed, and publishes nothing more; the key with other lines is a 422.
     */
    public Uni<OrderWithLines> create(Cause cause, List<NewLine> lines, String idempotencyKey) {
        if (idempotencyKey == null) {
            return create(cause, lines);
        }
        String request = lines.stream().map(l -> l.productId() + "*" + l.quantity()).collect(Collectors.joining(","));
        // Two buyers of a tenant may well pick the same key.
        String key = cause.actor() + "/" + idempotencyKey;
        return Panache.withTransaction(() -> keys.once(cause.tenantId(), key, request, UUID.class,
                () -> createInTransaction(cause, lines).map(created -> created.order().id))
                .flatMap(id -> orders.findForTenant(cause.tenantId(), id).flatMap(orders::withLines)))
                .invoke(relay::signal);
    }

    private Uni<OrderWithLines> createInTransaction(Cause cause, List<NewLine> lines) {
        String tenant = cause.tenantId();
        List<String> productIds = new ArrayList<>(new LinkedHashSet<>(lines.stream().map(NewLine::productId).toList()));
        return products.findAll(tenant, productIds).flatMap(found -> {
            Map<String, ProductView> catalogue = found.stream().collect(Collectors.toMap(p -> p.productId, Function.identity()));
            Instant now = Instant.now();
            SalesOrder order = new SalesOrder();
            order.id = UUID.randomUUID();
            order.tenantId = tenant;
            order.userId = cause.actor();
            order.correlationId = cause.correlationId();
            order.createdAt = now;
            order.updatedAt = now;
            List<OrderLineItem> items = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (int i = 0; i < lines.size(); i++) {
                NewLine line = lines.get(i);
                ProductView product = catalogue.get(line.productId());
                if (product == null || !product.orderable()) {
                    throw notOrderable(i, line.productId(), product);
                }
                OrderLineItem item = new OrderLineItem();
                item.id = UUID.randomUUID();
                item.orderId = order.id;
                item.lineNo = i + 1;
                item.tenantId = tenant;
                item.productId = line.productId();
                item.quantity = line.quantity();
                item.unitPrice = product.unitPrice.setScale(2, RoundingMode.HALF_UP);
                items.add(item);
                total = total.add(item.unitPrice.multiply(BigDecimal.valueOf(line.quantity())));
            }
            order.total = total.setScale(2, RoundingMode.HALF_UP);
            return orders.persist(order)
                    .call(saved -> Multi.createFrom().iterable(items)
                            .onItem().transformToUniAndConcatenate(item -> Panache.getSession().flatMap(s -> s.persist(item)))
                            .collect().last())
                    .call(saved -> announce(EventType.ORDER_CREATED, cause, Priority.MEDIUM, order, items))
                    .map(saved -> new OrderWithLines(order, items));
        });
    }

    /**
     * Cancels a pending or confirmed order; inventory releases what it reserved when it reads the event. Cancelling a
     * cancelled order changes nothing; a rejected or delivered one cannot be cancelled (409).
     *
     * @param staff whether the caller may cancel any order of the tenant, not only their own
     */
    public Uni<OrderWithLines> cancel(Cause cause, boolean staff, UUID id, String reason) {
        return Panache.withTransaction(() -> orders.findForTenantForUpdate(cause.tenantId(), id).flatMap(order -> {
            if (order == null || !(staff || order.userId.equals(cause.actor()))) {
                throw ProblemException.notFound("Order", id);
            }
            try {
                if (!order.cancel(cause.actor(), reason)) {
                    return orders.withLines(order);
                }
            } catch (IllegalOrderTransitionException e) {
                throw ProblemException.conflict("order-not-cancellable", "Order cannot be cancelled",
                        "Order " + id + " was " + e.from().wireName() + "; there is nothing to cancel");
            }
            return orders.lines(order.id).call(lines -> announce(EventType.ORDER_CANCELLED, cause, Priority.MEDIUM, order, lines))
                    .map(lines -> new OrderWithLines(order, lines));
        })).invoke(relay::signal);
    }

    /**
     * A confirmed order reached its buyer: its lines become the day's demand. Delivering twice changes nothing (and
     * counts nothing twice); only a confirmed order can be delivered.
     */
    public Uni<OrderWithLines> deliver(Cause cause, UUID id) {
        return Panache.withTransaction(() -> orders.findForTenantForUpdate(cause.tenantId(), id).flatMap(order -> {
            if (order == null) {
                throw ProblemException.notFound("Order", id);
            }
            try {
                if (!order.deliver()) {
                    return orders.withLines(order);
                }
            } catch (IllegalOrderTransitionException e) {
                throw ProblemException.conflict("order-not-deliverable", "Order cannot be delivered",
                        "Order " + id + " is " + e.from().wireName() + "; only a confirmed order can be delivered");
            }
            Instant deliveredAt = Instant.now();
            return orders.lines(order.id)
                    .call(lines -> Multi.createFrom().iterable(lines)
                            .onItem().transformToUniAndConcatenate(l -> demand.recordDelivered(order.tenantId,
                                    l.productId, deliveredAt, l.quantity))
                            .collect().last())
                    .call(lines -> announce(EventType.ORDER_DELIVERED, cause, Priority.LOW, order, lines))
                    .map(lines -> new OrderWithLines(order, lines));
        })).invoke(relay::signal);
    }

    /** inventory reserved every line: the pending order is confirmed. An answer to any other order is ignored. */
    public Uni<Void> onReserved(Cause cause, EventEnvelope<StockReservedPayload> event) {
        return answer(cause, event.payload().orderId(), SalesOrder::confirm, EventType.ORDER_CONFIRMED, Priority.MEDIUM);
    }

    /** inventory could not reserve every line: the pending order is rejected, with the short lines as the reason. */
    public Uni<Void> onReservationFailed(Cause cause, EventEnvelope<StockReservationFailedPayload> event) {
        StockReservationFailedPayload p = event.payload();
        return answer(cause, p.orderId(), order -> order.reject(rejection(p)), EventType.ORDER_REJECTED, Priority.HIGH);
    }

    /**
     * Applies inventory's answer to a pending order. A repeated answer (no change) and an answer the order's status
     * refuses (a cancel overtook it, and inventory releases on the cancel) are both ignored: neither is an error of
     * the record, so nothing is dead-lettered.
     */
    private Uni<Void> answer(Cause cause, String orderId, Predicate<SalesOrder> transition, EventType type,
            Priority priority) {
        UUID id;
        try {
            id = UUID.fromString(orderId);
        } catch (IllegalArgumentException notOurs) {
            LOG.warnf("Ignoring %s for order %s: not an order id of sales-service", type.wireName(), orderId);
            return Uni.createFrom().voidItem();
        }
        return orders.findForTenantForUpdate(cause.tenantId(), id).flatMap(order -> {
            if (order == null || !applied(transition, order)) {
                LOG.infof("Ignoring %s for order %s (%s)", type.wireName(), orderId,
                        order == null ? "unknown" : order.status().wireName());
                return Uni.createFrom().voidItem();
            }
            return orders.lines(order.id).call(lines -> announce(type, cause, priority, order, lines)).replaceWithVoid();
        });
    }

    private static boolean applied(Predicate<SalesOrder> transition, SalesOrder order) {
        try {
            return transition.test(order);
        } catch (IllegalOrderTransitionException refused) {
            return false;
        }
    }

    private Uni<Void> announce(EventType type, Cause cause, Priority priority, SalesOrder order, List<OrderLineItem> lines) {
        OrderPayload payload = new OrderPayload(order.id.toString(), order.userId, order.status().wireName(),
                lines.stream().map(l -> new OrderLine(l.productId, l.quantity, l.unitPrice)).toList(), order.total,
                order.reason());
        Uni<Void> announced = events.publish(type, cause, priority, order.userId, payload, order.id.toString())
                .replaceWithVoid();
        return OrderNotifications.of(order, lines, UUID.randomUUID().toString())
                .map(note -> announced.call(() -> events.publish(EventType.NOTIFICATION, cause, priority, order.userId,
                        note, order.id.toString())))
                .orElse(announced);
    }

    private static String rejection(StockReservationFailedPayload p) {
        if (p.shortLines().isEmpty()) {
            return p.reason();
        }
        return "insufficient stock: " + p.shortLines().stream()
                .map((ShortLine s) -> s.productId() + " requested " + s.requested() + ", available " + s.available())
                .collect(Collectors.joining("; "));
    }

    private static ProblemException notOrderable(int index, String productId, ProductView product) {
        String field = "lines[" + index + "].product_id";
        String why = product == null || !product.catalogued ? "is not in the catalogue"
                : product.deleted ? "was deleted" : !product.active ? "is not active" : "has no price";
        return new ProblemException(422, "product-not-orderable", "Product cannot be ordered",
                field + ": product " + productId + " " + why, List.of(new Problem.FieldError(field, "product " + why)));
    }
}
