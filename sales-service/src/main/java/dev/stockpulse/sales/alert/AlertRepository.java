package dev.stockpulse.sales.alert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AlertRepository implements PanacheRepositoryBase<Alert, UUID> {

    /** Matches every status but resolved. */
    public static final String STATUS_OPEN = "open";

    /** What the list endpoint filters on; a null field does not filter. */
    public record Filter(String status, String priority, String kind, String productId) {
    }

    /**
     * The open alert of a product and kind, locked for the rest of the transaction: the consumer, the dead-stock scan
     * and people acting over REST change alerts concurrently, and none may overwrite another's change.
     */
    public Uni<Alert> findOpenForUpdate(String tenantId, String productId, String kind) {
        return find("tenantId = ?1 and productId = ?2 and kind = ?3 and status <> ?4",
                tenantId, productId, kind, Alert.STATUS_RESOLVED)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The product's open alerts of the given kinds, locked, oldest first. */
    public Uni<List<Alert>> openOfProductForUpdate(String tenantId, String productId, Collection<String> kinds) {
        return find("tenantId = ?1 and productId = ?2 and kind in ?3 and status <> ?4 order by raisedAt",
                tenantId, productId, kinds, Alert.STATUS_RESOLVED)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    public Uni<Alert> findForTenantForUpdate(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<Alert> findForTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }

    /** The tenant's alerts matching the filter, newest first. */
    public Uni<List<Alert>> page(String tenantId, Filter filter, int page, int size) {
        Query q = query(tenantId, filter);
        return find(q.where + " order by raisedAt desc, id", q.params).page(page, size).list();
    }

    public Uni<Long> count(String tenantId, Filter filter) {
        Query q = query(tenantId, filter);
        return count(q.where, q.params);
    }

    private record Query(String where, Parameters params) {
    }

    private static Query query(String tenantId, Filter filter) {
        List<String> clauses = new ArrayList<>(List.of("tenantId = :tenant"));
        Parameters params = Parameters.with("tenant", tenantId);
        if (STATUS_OPEN.equals(filter.status())) {
            clauses.add("status <> :status");
            params.and("status", Alert.STATUS_RESOLVED);
        } else if (filter.status() != null) {
            clauses.add("status = :status");
            params.and("status", filter.status());
        }
        if (filter.priority() != null) {
            clauses.add("priority = :priority");
            params.and("priority", filter.priority());
        }
        if (filter.kind() != null) {
            clauses.add("kind = :kind");
            params.and("kind", filter.kind());
        }
        if (filter.productId() != null) {
            clauses.add("productId = :product");
            params.and("product", filter.productId());
        }
        return new Query(String.join(" and ", clauses), params);
    }
}
