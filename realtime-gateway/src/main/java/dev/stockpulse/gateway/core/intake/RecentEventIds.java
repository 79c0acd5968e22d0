package dev.stockpulse.gateway.core.intake;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code event_id}s of one partition's recent records, to recognise a record whose event was already read (a
 * relay's retry after a broker outage, a producer's replay, a record published again). A record is a duplicate when
 * the same id occurred at one of the {@code span} offsets before it in the same partition.
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
    private final Map<String, Seen> latest = new HashMap<>();
    private final ArrayDeque<Seen> byOffset = new ArrayDeque<>();

    RecentEventIds(long span) {
        if (span <= 0) {
            throw new IllegalArgumentException("span must be positive");
        }
        this.span = span;
    }

    /**
     * Remembers that {@code eventId} occurred at {@code offset}, which must be higher than any offset given before.
     *
     * @return whether it occurred already within the span before {@code offset}
     */
    boolean repeated(String eventId, long offset) {
        long oldest = offset - span;
        while (!byOffset.isEmpty() && byOffset.peekFirst().offset < oldest) {
            Seen expired = byOffset.pollFirst();
            latest.remove(expired.eventId, expired);
        }
        Seen seen = new Seen(eventId, offset);
        byOffset.addLast(seen);
        return latest.put(eventId, seen) != null;
    }

    int size() {
        return byOffset.size();
    }

    private record Seen(String eventId, long offset) {
    }
}
