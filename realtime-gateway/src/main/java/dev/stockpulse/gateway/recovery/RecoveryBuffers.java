package dev.stockpulse.gateway.recovery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The recent events of every room, for clients that come back after missing some. Each room keeps its events for
 * at most {@code windowMillis} and at most {@code capacity} of them, whichever runs out first, so memory is bounded
 * by both the event rate and the number of rooms.
 *
 * <p>A client's position is, for each partition, the offset of the last record the gateway had processed when it
 * sent the client its last frame. Replaying is exact as long as nothing after that position was evicted from the
 * client's rooms: every partition is checked against the highest offset evicted there (per room) and against the
 * first offset this gateway read at all (its coverage after a restart). Otherwise the answer is a gap, and the client
 * reloads over REST.
 *
 * <p>Pure and not thread-safe: the caller serializes access (the fan-out lock).
 */
public final class RecoveryBuffers {

    /** No offset: nothing of that partition seen, or nothing evicted. */
    public static final long NONE = -1;

    private final long windowMillis;
    private final int capacity;
    private final Map<String, RoomBuffer> rooms = new HashMap<>();
    /** Per slot: the offset before the first one this gateway read. A position older than that cannot be served. */
    private long[] coveredAfter = new long[0];
    /** Per slot: the highest offset evicted from rooms that were dropped once they had emptied. */
    private long[] droppedUpTo = new long[0];

    public RecoveryBuffers(long windowMillis, int capacity) {
        if (windowMillis <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("window and capacity must be positive");
        }
        this.windowMillis = windowMillis;
        this.capacity = capacity;
    }

    /** This gateway reads {@code slot} from {@code firstOffset} on; nothing before it can be replayed. */
    public void cover(int slot, long firstOffset) {
        coveredAfter = grow(coveredAfter, slot);
        coveredAfter[slot] = firstOffset - 1;
    }

    /** Keeps the event in each of the rooms; evicts what falls out of the window or over capacity there. */
    public void append(Collection<String> roomNames, BufferedEvent event, long nowMillis) {
        for (String room : roomNames) {
            RoomBuffer buffer = rooms.computeIfAbsent(room, name -> new RoomBuffer());
            buffer.events.addLast(event);
            buffer.evict(capacity, nowMillis - windowMillis);
        }
    }

    /** Evicts by age in every room, and forgets rooms left empty (their evictions still count, see class doc). */
    public void sweep(long nowMillis) {
        Iterator<RoomBuffer> it = rooms.values().iterator();
        while (it.hasNext()) {
            RoomBuffer buffer = it.next();
            buffer.evict(capacity, nowMillis - windowMillis);
            if (buffer.events.isEmpty()) {
                droppedUpTo = max(droppedUpTo, buffer.evictedUpTo);
                it.remove();
            }
        }
    }

    /**
     * The events of these rooms after {@code since} that the filter wants, each once, in processing order; or a gap.
     *
     * @param since per slot, the last offset the client has seen; slots beyond its length count as {@link #NONE}
     */
    public Replay replay(Collection<String> roomNames, long[] since, Predicate<BufferedEvent> wanted) {
        List<BufferedEvent> found = new ArrayList<>();
        for (String room : roomNames) {
            RoomBuffer buffer = rooms.get(room);
            long[] evicted = buffer == null ? droppedUpTo : max(droppedUpTo, buffer.evictedUpTo);
            if (hasGap(since, evicted) || hasGap(since, coveredAfter)) {
                return Replay.GAP;
            }
            if (buffer != null) {
                for (BufferedEvent event : buffer.events) {
                    if (event.offset() > at(since, event.slot()) && wanted.test(event)) {
                        found.add(event);
                    }
                }
            }
        }
        found.sort(Comparator.comparingLong(BufferedEvent::sequence));
        List<BufferedEvent> unique = new ArrayList<>(found.size());
        for (BufferedEvent event : found) {
            if (unique.isEmpty() || unique.get(unique.size() - 1).sequence() != event.sequence()) {
                unique.add(event);
            }
        }
        return new Replay(true, unique);
    }

    /** Events currently held, counted once per room; for stats and tests. */
    public int size() {
        return rooms.values().stream().mapToInt(buffer -> buffer.events.size()).sum();
    }

    public int roomCount() {
        return rooms.size();
    }

    private static boolean hasGap(long[] since, long[] missingUpTo) {
        for (int slot = 0; slot < missingUpTo.length; slot++) {
            if (missingUpTo[slot] > at(since, slot)) {
                return true;
            }
        }
        return false;
    }

    static long at(long[] offsets, int slot) {
        return slot < offsets.length ? offsets[slot] : NONE;
    }

    private static long[] grow(long[] offsets, int slot) {
        if (slot < offsets.length) {
            return offsets;
        }
        long[] grown = Arrays.copyOf(offsets, slot + 1);
        Arrays.fill(grown, offsets.length, grown.length, NONE);
        return grown;
    }

    private static long[] max(long[] a, long[] b) {
        long[] result = grow(a.clone(), Math.max(a.length, b.length) - 1);
        for (int slot = 0; slot < b.length; slot++) {
            result[slot] = Math.max(result[slot], b[slot]);
        }
        return result;
    }

    private static final class RoomBuffer {
        private final ArrayDeque<BufferedEvent> events = new ArrayDeque<>();
        private long[] evictedUpTo = new long[0];

        void evict(int capacity, long oldestKept) {
            while (!events.isEmpty() && (events.size() > capacity || events.peekFirst().timestamp() < oldestKept)) {
                BufferedEvent gone = events.pollFirst();
                evictedUpTo = grow(evictedUpTo, gone.slot());
                evictedUpTo[gone.slot()] = Math.max(evictedUpTo[gone.slot()], gone.offset());
            }
        }
    }
}
