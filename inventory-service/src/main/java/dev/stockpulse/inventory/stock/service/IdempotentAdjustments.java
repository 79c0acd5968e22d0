package dev.stockpulse.inventory.stock.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.inventory.stock.service.StockService.Adjustment;
import dev.stockpulse.inventory.stock.service.StockService.AdjustmentResult;

/**
 * Honours the {@code Idempotency-Key} header of adjustments: the key is claimed in the adjustment's own transaction,
 * so the same key twice applies once and answers the first answer — also when both arrive at the same moment (the
 * second waits on the first's row lock). Only successful adjustments are remembered; a refused one may be retried.
 */
@ApplicationScoped
public class IdempotentAdjustments {

    private final StockService stock;
    private final OutboxRelay relay;
    private final ObjectMapper json;

    public IdempotentAdjustments(StockService stock, OutboxRelay relay, ObjectMapper json) {
        this.stock = stock;
        this.relay = relay;
        this.json = json;
    }

    public Uni<AdjustmentResult> adjust(Adjustment adjustment, String idempotencyKey) {
        if (idempotencyKey == null) {
            return stock.adjust(adjustment);
        }
        String requestHash = hash(adjustment);
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO idempotency_key (tenant_id, key, request_hash) VALUES (:tenant, :key, :hash)
                ON CONFLICT (tenant_id, key) DO NOTHING""")
                .setParameter("tenant", adjustment.tenantId())
                .setParameter("key", idempotencyKey)
                .setParameter("hash", requestHash)
                .executeUpdate()
                .flatMap(claimed -> claimed == 1
                        ? stock.adjustInTransaction(adjustment).call(result -> session.createNativeQuery(
                                "UPDATE idempotency_key SET response = :response WHERE tenant_id = :tenant AND key = :key")
                                .setParameter("response", encode(result))
                                .setParameter("tenant", adjustment.tenantId())
                                .setParameter("key", idempotencyKey)
                                .executeUpdate())
                        : replay(session, adjustment.tenantId(), idempotencyKey, requestHash))))
                .invoke(relay::signal);
    }

    private Uni<AdjustmentResult> replay(Mutiny.Session session, String tenantId, String key,
            String requestHash) {
        // The hash is hex, so the first '|' separates it from the stored answer.
        return session.createNativeQuery(
                "SELECT request_hash || '|' || response FROM idempotency_key WHERE tenant_id = :tenant AND key = :key",
                String.class)
                .setParameter("tenant", tenantId)
                .setParameter("key", key)
                .getSingleResult()
                .map(row -> {
                    int split = row.indexOf('|');
                    if (!requestHash.equals(row.substring(0, split))) {
                        throw new ProblemException(422, "idempotency-key-reused", "Idempotency key reused",
                                "Idempotency-Key " + key + " was used for a different adjustment; use a new key",
                                List.of());
                    }
                    return decode(row.substring(split + 1));
                });
    }

    private String encode(AdjustmentResult result) {
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private AdjustmentResult decode(String stored) {
        try {
            return json.readValue(stored, AdjustmentResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored idempotent answer is unreadable", e);
        }
    }

    private static String hash(Adjustment a) {
        String canonical = a.productId() + "|" + a.warehouseId() + "|" + a.quantity() + "|" + a.reason().wireName();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
