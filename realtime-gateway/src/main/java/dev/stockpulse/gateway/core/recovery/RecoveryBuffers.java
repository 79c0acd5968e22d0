package dev.stockpulse.gateway.core.recovery;

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
 * at most {@code windowMillis} and at most {@code capacity} of them, whichever runs out first; and all rooms together
 * keep at most {@code maxBytes} of event JSON (each event counted once however many rooms keep it), past which the
 * oldest events are evicted first, whatever their room. So memory stays bounded however many rooms are active.
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
    /** Below this many entries of events no room keeps, {@link #byAge} only drops them at its head. */
    private static final int COMPACT_AFTER = 1024;

    private final long windowMillis;
    private final int capacity;
    private final long maxBytes;
    private final Map<String, RoomBuffer> rooms = new HashMap<>();
    /** Every event still kept in some room, oldest first; with some already gone from all rooms, see {@link #gone}. */
    private final ArrayDeque<Held> byAge = new ArrayDeque<>();
    /** Entries of {@link #byAge} no room keeps any more; they are dropped when they reach its head or by compaction. */
    private int gone;
    /** Read by the metrics scrape, outside the caller's lock. */
    private volatile long bytes;
    private volatile long memoryEvictions;
    /** Per slot: the offset before the first one this gateway read. A position older than that cannot be served. */
    private long[] coveredAfter = new long[0];
    /** Per slot: the highest offset evicted from rooms that were dropped once they had emptied. */
    private long[] droppedUpTo = new long[0];

    public RecoveryBuffers(long windowMillis, int capacity, long maxBytes) {
        if (windowMillis <= 0 || capacity <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("window, capacity and bytes must be positive");
        }
        this.windowMillis = windowMillis;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /** This gateway reads {@code slot} from {@code firstOffset} on; nothing before it can be replayed. */
    public void cover(int slot, long firstOffset) {
        coveredAfter = grow(coveredAfter, slot);
        coveredAfter[slot] = firstOffset - 1;
    }

    /**
     * Keeps the event in each of the rooms; evicts what falls out of the window or over capacity there, then the
     * oldest events of any room while all of them together hold more than the byte bound.
     */
    public void append(Collection<String> roomNames, BufferedEvent event, long nowMillis) {
        Held held = new Held(event, roomNames);
        byAge.addLast(held);
        bytes += event.frame().size();
        for (String room : roomNames) {
            RoomBuffer buffer = rooms.computeIfAbsent(room, name -> new RoomBuffer());
            buffer.events.addLast(held);
            held.rooms++;
            evict(buffer, nowMillis - windowMillis);
        }
        if (held.rooms == 0) {
            // It was already too old for the window (read during a rebuild).
            release(held);
        }
        while (bytes > maxBytes) {
            evictOldest();
        }
        forgetGone();
    }

    /** Evicts by age in every room, and forgets rooms left empty (their evictions still count, see class doc). */
    public void sweep(long nowMillis) {
        Iterator<RoomBuffer> it = rooms.values().iterator();
        while (it.hasNext()) {
            RoomBuffer buffer = it.next();
            evict(buffer, nowMillis - windowMillis);
            if (buffer.events.isEmpty()) {
                droppedUpTo = max(droppedUpTo, buffer.evictedUpTo);
                it.remove();
            }
        }
        forgetGone();
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
                for (Held held : buffer.events) {
                    BufferedEvent event = held.event;
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

    /** Events still referenced, kept by a room or not yet let go; for tests. */
    int referenced() {
        return byAge.size();
    }

    /** Bytes of event JSON held, each event once; for the metrics. */
    public long bytes() {
        return bytes;
    }

    /** Events evicted from every room they were in because of the byte bound; for the metrics. */
    public long memoryEvictions() {
        return memoryEvictions;
    }

    private void evict(RoomBuffer buffer, long oldestKept) {
        while (!buffer.events.isEmpty() && (buffer.events.size() > capacity
                || buffer.events.peekFirst().event.timestamp() < oldestKept)) {
            Held held = buffer.events.pollFirst();
            buffer.evicted(held.event);
            if (--held.rooms == 0) {
                release(held);
            }
        }
    }

    /**
     * Evicts the oldest event still kept from every room that keeps it. It is at the head of each of them: an older
     * event of such a room would still be kept, and so come before it in {@link #byAge}.
     */
    private void evictOldest() {
        Held oldest = byAge.pollFirst();
        while (oldest.rooms == 0) {
            gone--;
            oldest = byAge.pollFirst();
        }
        for (String room : oldest.roomNames) {
            RoomBuffer buffer = rooms.get(room);
            if (buffer != null && buffer.events.peekFirst() == oldest) {
                buffer.events.pollFirst();
                buffer.evicted(oldest.event);
            }
        }
        oldest.rooms = 0;
        bytes -= oldest.event.frame().size();
        memoryEvictions++;
    }

    /**
     * Lets go of events no room keeps: they are mostly at the head (rooms age out alike), and compaction takes the
     * rest once they are many, so that a busy room's evictions do not stay referenced behind a quiet room's events.
     */
    private void forgetGone() {
        while (!byAge.isEmpty() && byAge.peekFirst().rooms == 0) {
            byAge.pollFirst();
            gone--;
        }
        if (gone > COMPACT_AFTER && gone > byAge.size() / 2) {
            byAge.removeIf(entry -> entry.rooms == 0);
            gone = 0;
        }
    }

    private void release(Held held) {
        bytes -= held.event.frame().size();
        gone++;
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

    /** An event and how many rooms still keep it. */
    private static final class Held {
        private final BufferedEvent event;
        private final Collection<String> roomNames;
        private int rooms;

        Held(BufferedEvent event, Collection<String> roomNames) {
            this.event = event;
            this.roomNames = roomNames;
        }
    }

    private static final class RoomBuffer {
        private final ArrayDeque<Held> events = new ArrayDeque<>();
        private long[] evictedUpTo = new long[0];

        void evicted(BufferedEvent gone) {
            evictedUpTo = grow(evictedUpTo, gone.slot());
            evictedUpTo[gone.slot()] = Math.max(evictedUpTo[gone.slot()], gone.offset());
        }
    }
}
