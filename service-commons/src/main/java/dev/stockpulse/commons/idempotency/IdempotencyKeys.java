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
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.sql.NativeSql;

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

    /** Claims the key; 0 rows when it is already claimed, after waiting for a claim still in flight to commit. */
    static final String CLAIM = """
            INSERT INTO idempotency_key (tenant_id, key, request_hash) VALUES ($1, $2, $3)
            ON CONFLICT (tenant_id, key) DO NOTHING""";
    static final String REMEMBER = "UPDATE idempotency_key SET response = $1 WHERE tenant_id = $2 AND key = $3";
    /** The hash is hex, so the first '|' separates it from the stored answer. */
    static final String RECALL = "SELECT request_hash || '|' || response FROM idempotency_key WHERE tenant_id = $1 AND key = $2";
    private static final String CLAIM_HIBERNATE = NativeSql.forHibernate(CLAIM);
    private static final String REMEMBER_HIBERNATE = NativeSql.forHibernate(REMEMBER);
    private static final String RECALL_HIBERNATE = NativeSql.forHibernate(RECALL);

    /**
     * Runs {@code change} once per {@code (tenant, key)}; must be called inside the change's Hibernate Reactive
     * transaction.
     *
     * @param request a canonical form of the request, so a reuse of the key for another request is recognised
     * @param answerType what {@code change} answers; stored as JSON and replayed for a repeat
     */
    public <R> Uni<R> once(String tenantId, String key, String request, Class<R> answerType, Supplier<Uni<R>> change) {
        String requestHash = sha256(request);
        return Panache.getSession().flatMap(session -> session.createNativeQuery(CLAIM_HIBERNATE)
                .setParameter(1, tenantId)
                .setParameter(2, key)
                .setParameter(3, requestHash)
                .executeUpdate()
                .flatMap(claimed -> claimed == 1
                        ? change.get().call(answer -> session.createNativeQuery(REMEMBER_HIBERNATE)
                                .setParameter(1, encode(answer))
                                .setParameter(2, tenantId)
                                .setParameter(3, key)
                                .executeUpdate())
                        : session.createNativeQuery(RECALL_HIBERNATE, String.class)
                                .setParameter(1, tenantId)
                                .setParameter(2, key)
                                .getSingleResult()
                                .map(row -> answer(row, key, requestHash, answerType))));
    }

    /**
     * The same as {@link #once(String, String, String, Class, Supplier)} in the transaction open on
     * {@code connection}, for a change made on the reactive client itself.
     */
    public <R> Uni<R> once(SqlConnection connection, String tenantId, String key, String request, Class<R> answerType,
            Supplier<Uni<R>> change) {
        String requestHash = sha256(request);
        return connection.preparedQuery(CLAIM).execute(Tuple.of(tenantId, key, requestHash))
                .flatMap(claimed -> claimed.rowCount() == 1
                        ? change.get().call(answer -> connection.preparedQuery(REMEMBER)
                                .execute(Tuple.of(encode(answer), tenantId, key)))
                        : connection.preparedQuery(RECALL).execute(Tuple.of(tenantId, key))
                                .map(rows -> answer(rows.iterator().next().getString(0), key, requestHash, answerType)));
    }

    /** The stored answer of a repeat, or a 422 when the key was first used for another request. */
    private <R> R answer(String stored, String key, String requestHash, Class<R> type) {
        int split = stored.indexOf('|');
        if (!requestHash.equals(stored.substring(0, split))) {
            throw new ProblemException(422, "idempotency-key-reused", "Idempotency key reused",
                    "Idempotency-Key " + key + " was used for a different request; use a new key", List.of());
        }
        return decode(stored.substring(split + 1), type);
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
