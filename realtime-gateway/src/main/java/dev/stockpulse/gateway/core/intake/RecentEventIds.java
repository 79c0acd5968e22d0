package dev.stockpulse.gateway.core.intake;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code event_id}s of one partition's recent records, to recognise a record whose event was already read (a
 * relay's retry after a broker outage, a producer's replay, a record published again). A record is a duplicate when
 * the same id of the same tenant occurred at one of the {@code span} offsets before it in the same partition. Ids are
 * the producers' own (the ERP document's {@code evt-123456}), unique only within a tenant: another tenant's event
 * with the same id is not a copy.
 *
 * <p>That depends only on the partition's content, never on what else this process read or when: every instance,
 * and the same instance after a restart (which reads {@code span} offsets before the recovery window to know them),
 * takes the same record for the duplicate, so positions stay valid across instances. Copies further apart than
 * {@code span}, or in different partitions (another key), are not recognised.
 *
 * <p>Not thread-safe: only the Kafka consumer's thread uses it.
 */
final class RecentEventIds {

    private final long span;
    private final Map<Id, Seen> latest = new HashMap<>();
    private final ArrayDeque<Seen> byOffset = new ArrayDeque<>();

    RecentEventIds(long span) {
        if (span <= 0) {
            throw new IllegalArgumentException("span must be positive");
        }
        this.span = span;
    }

    /**
     * Remembers that the tenant's {@code eventId} occurred at {@code offset}, which must be higher than any offset
     * given before.
     *
     * @return whether it occurred already within the span before {@code offset}
     */
    boolean repeated(String tenantId, String eventId, long offset) {
        long oldest = offset - span;
        while (!byOffset.isEmpty() && byOffset.peekFirst().offset < oldest) {
            Seen expired = byOffset.pollFirst();
            latest.remove(expired.id, expired);
        }
        Seen seen = new Seen(new Id(tenantId, eventId), offset);
        byOffset.addLast(seen);
        return latest.put(seen.id, seen) != null;
    }

    int size() {
        return byOffset.size();
    }

    private record Id(String tenantId, String eventId) {
    }

    private record Seen(Id id, long offset) {
    }
}
