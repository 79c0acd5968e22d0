package dev.stockpulse.sales.order;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<SalesOrder, UUID> {

    /** An order with its lines in line order. */
    public record OrderWithLines(SalesOrder order, List<OrderLineItem> lines) {
    }

    /**
     * Pending orders of a product: the orders a shortage puts at risk, oldest first, and the units they ask for.
     *
     * @param orderIds at most {@link #AT_RISK_LIMIT} of them
     */
    public record PendingDemand(List<String> orderIds, long units) {
        public static final PendingDemand NONE = new PendingDemand(List.of(), 0);
    }

    /** Enough to act on; an alert is not the place to list a thousand orders. */
    public static final int AT_RISK_LIMIT = 50;

    public Uni<SalesOrder> findForTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }

    public Uni<SalesOrder> findForTenantForUpdate(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<List<OrderLineItem>> lines(UUID orderId) {
        return getSession().flatMap(session -> session
                .createSelectionQuery("from OrderLineItem where orderId = :order order by lineNo", OrderLineItem.class)
                .setParameter("order", orderId).getResultList());
    }

    public Uni<OrderWithLines> withLines(SalesOrder order) {
        return order == null ? Uni.createFrom().nullItem() : lines(order.id).map(lines -> new OrderWithLines(order, lines));
    }

    /** A page of the tenant's orders, newest first, of one buyer if {@code userId} is given, with their lines. */
    public Uni<List<OrderWithLines>> page(String tenantId, String userId, OrderStatus status, int page, int size) {
        Where where = where(tenantId, userId, status);
        return find(where.clause() + " order by createdAt desc, id", where.params()).page(page, size).list()
                .flatMap(orders -> {
                    if (orders.isEmpty()) {
                        return Uni.createFrom().item(List.<OrderWithLines> of());
                    }
                    List<UUID> ids = orders.stream().map(o -> o.id).toList();
                    return linesOf(ids).map(byOrder -> orders.stream()
                            .map(o -> new OrderWithLines(o, byOrder.getOrDefault(o.id, List.of()))).toList());
                });
    }

    public Uni<Long> count(String tenantId, String userId, OrderStatus status) {
        Where where = where(tenantId, userId, status);
        return count(where.clause(), where.params());
    }

    public Uni<PendingDemand> pendingDemand(String tenantId, String productId) {
        return getSession().flatMap(session -> session.createSelectionQuery("""
                select o.id, sum(l.quantity) from SalesOrder o, OrderLineItem l
                where l.orderId = o.id and o.tenantId = :tenant and l.tenantId = :tenant and l.productId = :product
                  and o.status = :pending
                group by o.id, o.createdAt order by o.createdAt, o.id""", Object[].class)
                .setParameter("tenant", tenantId)
                .setParameter("product", productId)
                .setParameter("pending", OrderStatus.PENDING)
                .getResultList())
                .map(rows -> new PendingDemand(
                        rows.stream().limit(AT_RISK_LIMIT).map(r -> r[0].toString()).toList(),
                        rows.stream().mapToLong(r -> ((Number) r[1]).longValue()).sum()));
    }

    private Uni<Map<UUID, List<OrderLineItem>>> linesOf(Collection<UUID> orderIds) {
        return getSession().flatMap(session -> session
                .createSelectionQuery("from OrderLineItem where orderId in :orders order by orderId, lineNo",
                        OrderLineItem.class)
                .setParameter("orders", orderIds).getResultList())
                .map(lines -> lines.stream().collect(Collectors.groupingBy(l -> l.orderId)));
    }

    private record Where(String clause, Parameters params) {
    }

    private static Where where(String tenantId, String userId, OrderStatus status) {
        StringBuilder clause = new StringBuilder("tenantId = :tenant");
        Parameters params = Parameters.with("tenant", tenantId);
        if (userId != null) {
            clause.append(" and userId = :user");
            params.and("user", userId);
        }
        if (status != null) {
            clause.append(" and status = :status");
            params.and("status", status);
        }
        return new Where(clause.toString(), params);
    }
}
