package dev.stockpulse.commons.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What an operator sees of the outbox rows the relay parked, and the replay that hands them back to the relay once
 * the cause is fixed. Always within one tenant: the services' admin endpoints pass the caller's.
 */
public final class ParkedEvents {

    private static final Logger LOG = Logger.getLogger(ParkedEvents.class);

    /**
     * One parked row.
     *
     * @param waitingBehind unsent rows of the same key that the relay holds back until this one is sent
     */
    public record ParkedEvent(UUID eventId, String tenantId, String eventType, String topic, String recordKey,
            int payloadBytes, int attempts, String reason, Instant createdAt, Instant parkedAt, long waitingBehind) {
    }

    private final Pool pool;
    private final OutboxRelay relay;

    public ParkedEvents(Pool pool, OutboxRelay relay) {
        this.pool = pool;
        this.relay = relay;
    }

    /** The tenant's parked rows, oldest first, at most {@code limit}. */
    public Uni<List<ParkedEvent>> list(String tenantId, int limit) {
        return pool.preparedQuery("""
                SELECT p.event_id, p.tenant_id, p.event_type, p.topic, p.record_key, octet_length(p.payload) AS payload_bytes,
                       p.attempts, p.last_error, p.created_at, p.parked_at,
                       (SELECT count(*) FROM outbox_event w
                        WHERE w.record_key = p.record_key AND w.id > p.id AND w.sent_at IS NULL) AS waiting_behind
                FROM outbox_event p
                WHERE p.tenant_id = $1 AND p.parked_at IS NOT NULL AND p.sent_at IS NULL
                ORDER BY p.id LIMIT $2""")
                .execute(Tuple.of(tenantId, limit))
                .map(rows -> {
                    List<ParkedEvent> parked = new ArrayList<>();
                    for (Row row : rows) {
                        parked.add(new ParkedEvent(row.getUUID("event_id"), row.getString("tenant_id"),
                                row.getString("event_type"), row.getString("topic"), row.getString("record_key"),
                                row.getInteger("payload_bytes"), row.getInteger("attempts"), row.getString("last_error"),
                                row.getOffsetDateTime("created_at").toInstant(),
                                row.getOffsetDateTime("parked_at").toInstant(), row.getLong("waiting_behind")));
                    }
                    return parked;
                });
    }

    /**
     * Un-parks the tenant's parked rows (one, or all when {@code eventId} is null) and wakes the relay, which sends
     * each before the rows of its key that waited behind it; one that fails again is parked again. Answers the event
     * ids handed back.
     */
    public Uni<List<UUID>> replay(String tenantId, UUID eventId, String operator) {
        return pool.preparedQuery("""
                UPDATE outbox_event SET parked_at = NULL, attempts = 0
                WHERE tenant_id = $1 AND parked_at IS NOT NULL AND sent_at IS NULL AND ($2::uuid IS NULL OR event_id = $2)
                RETURNING event_id""")
                .execute(Tuple.of(tenantId, eventId))
                .map(rows -> {
                    List<UUID> replayed = new ArrayList<>();
                    rows.forEach(row -> replayed.add(row.getUUID("event_id")));
                    if (!replayed.isEmpty()) {
                        LOG.infof("Parked outbox events replayed by %s for tenant %s: %s", operator, tenantId, replayed);
                        relay.signal();
                    }
                    return replayed;
                });
    }
}
