package dev.stockpulse.inventory.reservation.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.inventory.ReservedLine;
import dev.stockpulse.events.inventory.ShortLine;
import dev.stockpulse.events.inventory.StockReservationFailedPayload;
import dev.stockpulse.events.inventory.StockReservedPayload;
import dev.stockpulse.events.sales.OrderLine;
import dev.stockpulse.events.sales.OrderPayload;
import dev.stockpulse.commons.outbox.OutboxWriter;
import dev.stockpulse.inventory.product.Product;
import dev.stockpulse.inventory.product.ProductRepository;
import dev.stockpulse.inventory.reservation.Reservation;
import dev.stockpulse.inventory.reservation.ReservationRepository;
import dev.stockpulse.inventory.stock.StockLevel;
import dev.stockpulse.inventory.stock.StockLevelRepository;
import dev.stockpulse.inventory.stock.StockReason;
import dev.stockpulse.inventory.stock.service.StockEventFactory;
import dev.stockpulse.inventory.stock.service.StockEventFactory.Cause;
import dev.stockpulse.inventory.stock.service.StockService;
import dev.stockpulse.inventory.warehouse.WarehouseRepository;

/**
 * Reserves stock for sales orders, all lines at once or none, and gives it back when an order is cancelled.
 * Runs inside the consumer's transaction; the answer ({@code inventory.stock.reserved} or
 * {@code inventory.stock.reservation_failed}, keyed by the order) goes out through the outbox with the stock changes.
 */
@ApplicationScoped
public class ReservationService {

    private final ProductRepository products;
    private final WarehouseRepository warehouses;
    private final StockLevelRepository levels;
    private final ReservationRepository reservations;
    private final StockService stock;
    private final OutboxWriter outbox;
    private final StockEventFactory events;

    public ReservationService(ProductRepository products, WarehouseRepository warehouses, StockLevelRepository levels,
            ReservationRepository reservations, StockService stock, OutboxWriter outbox, StockEventFactory events) {
        this.products = products;
        this.warehouses = warehouses;
        this.levels = levels;
        this.reservations = reservations;
        this.stock = stock;
        this.outbox = outbox;
        this.events = events;
    }

    public Uni<Void> reserve(EventEnvelope<OrderPayload> order) {
        String tenant = order.metadata().tenantId();
        OrderPayload payload = order.payload();
        Cause cause = new Cause(tenant, order.metadata().correlationId(), order.metadata().eventId().toString());
        // One demand per product, in product order: locks are always taken in the same order, so orders never deadlock.
        Map<String, Long> demand = new TreeMap<>();
        for (OrderLine line : payload.lines()) {
            demand.merge(line.productId(), line.quantity(), Long::sum);
        }
        return Multi.createFrom().iterable(demand.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> available(tenant, entry.getKey(), entry.getValue()))
                .collect().asList()
                .flatMap(checked -> {
                    List<ShortLine> shortLines = checked.stream().filter(c -> c.available() < c.requested())
                            .map(c -> new ShortLine(c.productId(), c.requested(), c.available())).toList();
                    if (!shortLines.isEmpty()) {
                        return answer(order, cause, EventType.STOCK_RESERVATION_FAILED, new StockReservationFailedPayload(
                                payload.orderId(), "insufficient stock for " + shortLines.size() + " line(s)", shortLines));
                    }
                    return Multi.createFrom().iterable(checked)
                            .onItem().transformToUniAndConcatenate(c -> take(cause, payload.orderId(), c))
                            .collect().asList()
                            .flatMap(taken -> answer(order, cause, EventType.STOCK_RESERVED, new StockReservedPayload(
                                    payload.orderId(), taken.stream().flatMap(List::stream).toList())));
                });
    }

    public Uni<Void> release(EventEnvelope<OrderPayload> order) {
        String tenant = order.metadata().tenantId();
        Cause cause = new Cause(tenant, order.metadata().correlationId(), order.metadata().eventId().toString());
        return reservations.unreleased(tenant, order.payload().orderId()).flatMap(held -> Multi.createFrom().iterable(held)
                .onItem().transformToUniAndConcatenate(r -> products.findById(r.productId)
                        .flatMap(product -> warehouses.findById(r.warehouseId)
                                .flatMap(warehouse -> stock.change(cause, actor(r.orderId), product, warehouse,
                                        r.quantity, StockReason.RELEASE)))
                        .invoke(changed -> r.releasedAt = Instant.now()))
                .collect().asList().replaceWithVoid());
    }

    private record Checked(String productId, Product product, long requested, long available, List<StockLevel> levels) {
    }

    private Uni<Checked> available(String tenant, String productId, long requested) {
        UUID id;
        try {
            id = UUID.fromString(productId);
        } catch (IllegalArgumentException notOurs) {
            return Uni.createFrom().item(new Checked(productId, null, requested, 0, List.of()));
        }
        return products.findForTenant(tenant, id).flatMap(product -> {
            if (product == null) {
                return Uni.createFrom().item(new Checked(productId, null, requested, 0, List.of()));
            }
            return levels.lockAllOfProduct(tenant, id).map(all -> new Checked(productId, product, requested,
                    all.stream().mapToLong(l -> Math.max(0, l.quantity)).sum(), all));
        });
    }

    private record Take(UUID warehouseId, long quantity) {
    }

    /** Takes a line's quantity from the warehouses holding most of it first, one reservation per warehouse used. */
    private Uni<List<ReservedLine>> take(Cause cause, String orderId, Checked checked) {
        List<StockLevel> byStock = new ArrayList<>(checked.levels());
        byStock.sort(Comparator.comparingLong((StockLevel l) -> l.quantity).reversed().thenComparing(l -> l.warehouseId));
        List<Take> plan = new ArrayList<>();
        long remaining = checked.requested();
        for (StockLevel level : byStock) {
            long part = Math.min(remaining, Math.max(0, level.quantity));
            if (part > 0) {
                plan.add(new Take(level.warehouseId, part));
                remaining -= part;
            }
        }
        return Multi.createFrom().iterable(plan)
                .onItem().transformToUniAndConcatenate(t -> warehouses.findById(t.warehouseId())
                        .flatMap(warehouse -> stock.change(cause, actor(orderId), checked.product(), warehouse,
                                -t.quantity(), StockReason.RESERVATION))
                        .flatMap(changed -> reservations.persist(reservation(cause.tenantId(), orderId, checked, t)))
                        .map(r -> new ReservedLine(checked.productId(), t.warehouseId().toString(), t.quantity())))
                .collect().asList();
    }

    private static Reservation reservation(String tenantId, String orderId, Checked checked, Take take) {
        Reservation r = new Reservation();
        r.id = UUID.randomUUID();
        r.tenantId = tenantId;
        r.orderId = orderId;
        r.productId = checked.product().id;
        r.warehouseId = take.warehouseId();
        r.quantity = take.quantity();
        r.createdAt = Instant.now();
        return r;
    }

    private <P> Uni<Void> answer(EventEnvelope<OrderPayload> order, Cause cause, EventType type, P payload) {
        EventEnvelope<P> envelope = events.envelope(type, cause,
                type == EventType.STOCK_RESERVED ? Priority.LOW : Priority.HIGH, payload);
        String buyer = order.metadata().userId() != null ? order.metadata().userId() : order.payload().userId();
        EventEnvelope<P> forBuyer = buyer == null ? envelope
                : new EventEnvelope<>(envelope.metadata().withUserId(buyer), envelope.payload());
        return outbox.append(forBuyer, order.payload().orderId()).replaceWithVoid();
    }

    private static String actor(String orderId) {
        return "order:" + orderId;
    }
}
