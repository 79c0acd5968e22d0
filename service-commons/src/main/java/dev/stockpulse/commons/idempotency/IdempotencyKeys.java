package dev.stockpulse.commons.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import dev.stockpulse.commons.problem.ProblemException;

/**
 * Honours an {@code Idempotency-Key}: the key is claimed in the transaction of the change it guards (table
 * {@code idempotency_key}, which each service's migrations create), so the same key twice applies once and answers
 * the first answer — also when both arrive at the same moment, since the second waits on the first's row lock. A
 * key reused for a different request is a 422. Only a change that commits is remembered; a refused one may be
 * retried with the same key. A plain class: only the services with a database construct one; keys past their
 * retention are forgotten by {@link IdempotencyKeyExpiry}.
 */
public final class IdempotencyKeys {

    private final ObjectMapper json;

    public IdempotencyKeys(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Runs {@code change} once per {@code (tenant, key)}; must be called inside the change's transaction.
     *
     * @param request a canonical form of the request, so a reuse of the key for another request is recognised
     * @param answerType what {@code change} answers; stored as JSON and replayed for a repeat
     */
    public <R> Uni<R> once(String tenantId, String key, String request, Class<R> answerType, Supplier<Uni<R>> change) {
        String requestHash = sha256(request);
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO idempotency_key (tenant_id, key, request_hash) VALUES (:tenant, :key, :hash)
                ON CONFLICT (tenant_id, key) DO NOTHING""")
                .setParameter("tenant", tenantId)
                .setParameter("key", key)
                .setParameter("hash", requestHash)
                .executeUpdate()
                .flatMap(claimed -> claimed == 1
                        ? change.get().call(answer -> session.createNativeQuery(
                                "UPDATE idempotency_key SET response = :response WHERE tenant_id = :tenant AND key = :key")
                                .setParameter("response", encode(answer))
                                .setParameter("tenant", tenantId)
                                .setParameter("key", key)
                                .executeUpdate())
                        : replay(session, tenantId, key, requestHash, answerType)));
    }

    private <R> Uni<R> replay(Mutiny.Session session, String tenantId, String key, String requestHash, Class<R> type) {
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
                                "Idempotency-Key " + key + " was used for a different request; use a new key", List.of());
                    }
                    return decode(row.substring(split + 1), type);
                });
    }

    private String encode(Object answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <R> R decode(String stored, Class<R> type) {
        try {
            return json.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored idempotent answer is unreadable", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
