package dev.stockpulse.gateway.core.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.routing.Channel;

/** The replay rules, without Kafka: two partitions (slots 0 and 1), rooms of one tenant, a 60 s window. */
class RecoveryBuffersTest {

    private static final long WINDOW = 60_000;
    private static final int CAPACITY = 5;
    private static final String TENANT = "tenant:t";
    private static final String ALICE = "user:t:alice";
    private static final String ADMINS = "admin:t";
    /** Every test frame is {"n":<sequence>} with a sequence padded to the same width, so all count alike. */
    private static final long FRAME_BYTES = "{\"n\":0000000}".length();

    private RecoveryBuffers buffers;
    private long sequence;
    private final long[] offsets = {-1, -1};

    @BeforeEach
    void setUp() {
        buffers = new RecoveryBuffers(WINDOW, CAPACITY, Long.MAX_VALUE);
        buffers.cover(0, 0);
        buffers.cover(1, 0);
    }

    @Test
    void replaysWhatCameAfterThePositionInOrder() {
        BufferedEvent first = append(0, 1_000, Channel.STOCK, TENANT);
        long[] seen = position();
        BufferedEvent second = append(1, 2_000, Channel.STOCK, TENANT);
        BufferedEvent third = append(0, 3_000, Channel.ALERTS, TENANT);

        Replay replay = buffers.replay(List.of(TENANT), seen, e -> true);

        assertThat(replay.recovered()).isTrue();
        assertThat(replay.events()).containsExactly(second, third).doesNotContain(first);
    }

    @Test
    void aPositionAtTheTailReplaysNothingButIsRecovered() {
        append(0, 1_000, Channel.STOCK, TENANT);
        Replay replay = buffers.replay(List.of(TENANT), position(), e -> true);
        assertThat(replay.recovered()).isTrue();
        assertThat(replay.events()).isEmpty();
    }

    @Test
    void anEventInTwoOfTheClientsRoomsIsReplayedOnce() {
        long[] seen = position();
        BufferedEvent order = append(0, 1_000, Channel.ORDERS, ALICE, ADMINS);
        BufferedEvent stock = append(1, 1_001, Channel.STOCK, TENANT);

        Replay replay = buffers.replay(List.of(ALICE, TENANT, ADMINS), seen, e -> true);

        assertThat(replay.events()).containsExactly(order, stock);
    }

    @Test
    void theFilterDecidesWhichChannelsAreReplayed() {
        long[] seen = position();
        append(0, 1_000, Channel.STOCK, TENANT);
        BufferedEvent alert = append(0, 1_001, Channel.ALERTS, TENANT);

        Replay replay = buffers.replay(List.of(TENANT), seen, e -> e.channel() == Channel.ALERTS);

        assertThat(replay.events()).containsExactly(alert);
    }

    @Test
    void capacityEdge_theLastEventsOfARoomAreKeptAndOneMoreIsAGap() {
        long[] beforeAll = position();
        for (int i = 0; i < CAPACITY; i++) {
            append(0, 1_000 + i, Channel.STOCK, TENANT);
        }
        assertThat(buffers.replay(List.of(TENANT), beforeAll, e -> true).events()).hasSize(CAPACITY);

        append(0, 2_000, Channel.STOCK, TENANT);

        assertThat(buffers.replay(List.of(TENANT), beforeAll, e -> true).recovered())
                .as("the first event was evicted").isFalse();
        long[] afterFirst = {0, -1};
        assertThat(buffers.replay(List.of(TENANT), afterFirst, e -> true).events())
                .as("who saw the evicted one still gets the rest").hasSize(CAPACITY);
    }

    @Test
    void windowEdge_anEventExactlyAtTheWindowIsKeptAndOneMillisecondOlderIsNot() {
        long[] beforeAll = position();
        append(0, 10_000, Channel.STOCK, TENANT);

        buffers.sweep(10_000 + WINDOW);
        assertThat(buffers.replay(List.of(TENANT), beforeAll, e -> true).events()).hasSize(1);

        buffers.sweep(10_000 + WINDOW + 1);
        assertThat(buffers.replay(List.of(TENANT), beforeAll, e -> true).recovered()).isFalse();
        assertThat(buffers.roomCount()).as("an emptied room is forgotten").isZero();
        assertThat(buffers.replay(List.of(TENANT), position(), e -> true).recovered())
                .as("a client that saw the aged-out event lost nothing").isTrue();
    }

    @Test
    void anEvictionInAnotherRoomDoesNotHurtThisOne() {
        long[] seen = position();
        for (int i = 0; i <= CAPACITY; i++) {
            append(0, 1_000 + i, Channel.STOCK, "tenant:other");
        }
        BufferedEvent mine = append(0, 2_000, Channel.STOCK, TENANT);

        Replay replay = buffers.replay(List.of(TENANT), seen, e -> true);

        assertThat(replay.recovered()).isTrue();
        assertThat(replay.events()).containsExactly(mine);
    }

    @Test
    void aPositionOlderThanWhatThisGatewayReadIsAGap() {
        RecoveryBuffers restarted = new RecoveryBuffers(WINDOW, CAPACITY, Long.MAX_VALUE);
        restarted.cover(0, 100);
        restarted.cover(1, 0);

        assertThat(restarted.replay(List.of(TENANT), new long[] {98, 5}, e -> true).recovered()).isFalse();
        assertThat(restarted.replay(List.of(TENANT), new long[] {99, 5}, e -> true).recovered()).isTrue();
        assertThat(restarted.replay(List.of(TENANT), new long[] {99}, e -> true).recovered())
                .as("a partition the position does not name counts as never read").isTrue();
    }

    @Test
    void aPositionThatDoesNotNameAPartitionIsAGapOnceThatPartitionHadEvictions() {
        for (int i = 0; i <= CAPACITY; i++) {
            append(1, 1_000 + i, Channel.STOCK, TENANT);
        }
        assertThat(buffers.replay(List.of(TENANT), new long[] {-1}, e -> true).recovered()).isFalse();
    }

    @Test
    void theByteBoundEvictsTheOldestEventsFirstAcrossRoomsAndTheirGapsAreNotRecovered() {
        RecoveryBuffers bounded = new RecoveryBuffers(WINDOW, CAPACITY, 3 * FRAME_BYTES);
        buffers = bounded;
        long[] beforeAll = position();
        BufferedEvent first = append(0, 1_000, Channel.STOCK, "tenant:a");
        long[] afterFirst = position();
        BufferedEvent second = append(1, 1_001, Channel.STOCK, "tenant:b");
        BufferedEvent third = append(0, 1_002, Channel.STOCK, "tenant:c");
        assertThat(bounded.bytes()).isEqualTo(3 * FRAME_BYTES);
        assertThat(bounded.memoryEvictions()).isZero();

        BufferedEvent fourth = append(1, 1_003, Channel.STOCK, "tenant:c");

        assertThat(bounded.bytes()).as("at the bound again").isEqualTo(3 * FRAME_BYTES);
        assertThat(bounded.memoryEvictions()).isEqualTo(1);
        assertThat(bounded.replay(List.of("tenant:a"), beforeAll, e -> true).recovered())
                .as("the oldest event, in a room nothing else happened in, was evicted").isFalse();
        assertThat(bounded.replay(List.of("tenant:a"), afterFirst, e -> true).recovered())
                .as("who saw it lost nothing").isTrue();
        assertThat(bounded.replay(List.of("tenant:b"), beforeAll, e -> true).events()).containsExactly(second);
        assertThat(bounded.replay(List.of("tenant:c"), beforeAll, e -> true).events()).containsExactly(third, fourth);
        assertThat(bounded.replay(List.of("tenant:a", "tenant:c"), afterFirst, e -> true).events())
                .doesNotContain(first).containsExactly(third, fourth);
    }

    @Test
    void anEventInSeveralRoomsCountsOnceAndIsEvictedFromAllOfThem() {
        RecoveryBuffers bounded = new RecoveryBuffers(WINDOW, CAPACITY, 2 * FRAME_BYTES);
        buffers = bounded;
        long[] beforeAll = position();
        append(0, 1_000, Channel.ORDERS, ALICE, ADMINS);
        BufferedEvent stock = append(0, 1_001, Channel.STOCK, TENANT);
        assertThat(bounded.bytes()).isEqualTo(2 * FRAME_BYTES);

        BufferedEvent next = append(0, 1_002, Channel.STOCK, TENANT);

        assertThat(bounded.memoryEvictions()).isEqualTo(1);
        assertThat(bounded.replay(List.of(ALICE), beforeAll, e -> true).recovered()).isFalse();
        assertThat(bounded.replay(List.of(ADMINS), beforeAll, e -> true).recovered()).isFalse();
        assertThat(bounded.replay(List.of(TENANT), beforeAll, e -> true).events()).containsExactly(stock, next);
        assertThat(bounded.size()).isEqualTo(2);
    }

    @Test
    void eventsEvictedByTheirRoomsGiveTheirBytesBackAndAreNotEvictedAgain() {
        RecoveryBuffers bounded = new RecoveryBuffers(WINDOW, CAPACITY, (CAPACITY + 1) * FRAME_BYTES);
        buffers = bounded;
        long[] beforeQuiet = position();
        BufferedEvent quiet = append(1, 1_000, Channel.STOCK, "tenant:quiet");
        for (int i = 0; i < 3 * CAPACITY; i++) {
            append(0, 1_001 + i, Channel.STOCK, TENANT);
        }
        assertThat(bounded.bytes()).as("the busy room's capacity evictions gave their bytes back")
                .isEqualTo((CAPACITY + 1) * FRAME_BYTES);
        assertThat(bounded.memoryEvictions()).isZero();
        assertThat(bounded.replay(List.of("tenant:quiet"), beforeQuiet, e -> true).events()).containsExactly(quiet);

        bounded.sweep(1_000 + WINDOW + 1);
        assertThat(bounded.bytes()).as("aged out").isEqualTo(CAPACITY * FRAME_BYTES);
    }

    @Test
    void eventsNoRoomKeepsAreLetGoAlsoBehindAQuietRoomsOlderEvent() {
        append(1, 1_000, Channel.STOCK, "tenant:quiet");
        for (int i = 0; i < 10_000; i++) {
            append(0, 1_001 + i / 100, Channel.STOCK, TENANT);
        }
        assertThat(buffers.referenced()).as("the busy room's evicted events are not held on to")
                .isLessThanOrEqualTo(2 * 1024 + CAPACITY + 1);

        buffers.sweep(1_000 + WINDOW + 1);
        assertThat(buffers.referenced()).as("once the quiet event aged out, only kept events are referenced")
                .isEqualTo(CAPACITY);
    }

    /**
     * Property, against a plain model of the three bounds: across many rooms the bytes held never pass the bound and
     * are those of the kept events, each once; a replay is exactly the kept events after the position, or a gap
     * exactly when an event of the room after the position was evicted.
     */
    @Test
    void underAByteBoundMemoryStaysBoundedAndReplaysStayExact() {
        Random random = new Random(11);
        int gaps = 0;
        for (int run = 0; run < 200; run++) {
            long bound = FRAME_BYTES * (1 + random.nextInt(40));
            RecoveryBuffers bounded = new RecoveryBuffers(WINDOW, CAPACITY, bound);
            buffers = bounded;
            bounded.cover(0, 0);
            bounded.cover(1, 0);
            offsets[0] = -1;
            offsets[1] = -1;
            List<long[]> positions = new ArrayList<>();
            Map<String, List<BufferedEvent>> kept = new HashMap<>();
            Map<String, List<BufferedEvent>> evicted = new HashMap<>();
            long now = 0;
            for (int i = 0; i < 10 + random.nextInt(200); i++) {
                positions.add(position());
                now += random.nextInt(2_000);
                String[] rooms = random.nextInt(3) == 0 ? new String[] {"tenant:" + random.nextInt(12), TENANT}
                        : new String[] {"tenant:" + random.nextInt(12)};
                BufferedEvent event = append(random.nextInt(2), now, Channel.STOCK, rooms);
                for (String room : rooms) {
                    List<BufferedEvent> events = kept.computeIfAbsent(room, r -> new ArrayList<>());
                    List<BufferedEvent> gone = evicted.computeIfAbsent(room, r -> new ArrayList<>());
                    events.add(event);
                    while (events.size() > CAPACITY || events.get(0).timestamp() < now - WINDOW) {
                        gone.add(events.remove(0));
                    }
                }
                while (kept.values().stream().flatMap(List::stream).distinct().count() * FRAME_BYTES > bound) {
                    BufferedEvent oldest = kept.values().stream().flatMap(List::stream)
                            .min(java.util.Comparator.comparingLong(BufferedEvent::sequence)).orElseThrow();
                    kept.forEach((room, events) -> {
                        if (events.remove(oldest)) {
                            evicted.get(room).add(oldest);
                        }
                    });
                }
                assertThat(bounded.bytes()).as("run %d", run).isLessThanOrEqualTo(bound).isEqualTo(
                        kept.values().stream().flatMap(List::stream).distinct().count() * FRAME_BYTES);
            }
            long[] since = positions.get(random.nextInt(positions.size()));
            for (String room : kept.keySet()) {
                Replay replay = bounded.replay(List.of(room), since, e -> true);
                boolean gap = evicted.get(room).stream().anyMatch(e -> e.offset() > since[e.slot()]);
                if (gap) {
                    gaps++;
                    assertThat(replay.recovered()).as("run %d room %s", run, room).isFalse();
                } else {
                    assertThat(replay.recovered()).as("run %d room %s", run, room).isTrue();
                    assertThat(replay.events()).as("run %d room %s", run, room).containsExactlyElementsOf(
                            kept.get(room).stream().filter(e -> e.offset() > since[e.slot()]).toList());
                }
            }
        }
        assertThat(gaps).as("the runs exercise both outcomes").isBetween(50, 2_000);
    }

    /**
     * Property, against a model written out plainly: for random appends, sweeps and positions, a recovered replay is
     * exactly the kept events of the room after the position, once each, in processing order; and a gap is reported
     * exactly when an event after the position was evicted from the room (or from a room forgotten after emptying).
     */
    @Test
    void replayIsExactlyTheMissedEventsOrAGap() {
        Random random = new Random(7);
        int gaps = 0;
        for (int run = 0; run < 300; run++) {
            setUp();
            offsets[0] = -1;
            offsets[1] = -1;
            Map<String, List<BufferedEvent>> kept = new HashMap<>();
            Map<String, List<BufferedEvent>> evictedByRoom = new HashMap<>();
            List<BufferedEvent> evictedFromDropped = new ArrayList<>();
            List<long[]> positions = new ArrayList<>();
            long now = 0;
            for (int i = 0; i < 5 + random.nextInt(30); i++) {
                positions.add(position());
                now += random.nextInt(25_000);
                String room = random.nextBoolean() ? TENANT : "tenant:other";
                BufferedEvent event = append(random.nextInt(2), now, Channel.STOCK, room);
                List<BufferedEvent> events = kept.computeIfAbsent(room, r -> new ArrayList<>());
                events.add(event);
                List<BufferedEvent> evicted = evictedByRoom.computeIfAbsent(room, r -> new ArrayList<>());
                while (events.size() > CAPACITY || events.get(0).timestamp() < now - WINDOW) {
                    evicted.add(events.remove(0));
                }
                if (random.nextInt(4) == 0) {
                    buffers.sweep(now);
                    for (Map.Entry<String, List<BufferedEvent>> entry : kept.entrySet()) {
                        List<BufferedEvent> roomEvents = entry.getValue();
                        List<BufferedEvent> gone = evictedByRoom.computeIfAbsent(entry.getKey(), r -> new ArrayList<>());
                        while (!roomEvents.isEmpty() && roomEvents.get(0).timestamp() < now - WINDOW) {
                            gone.add(roomEvents.remove(0));
                        }
                    }
                    // A room left empty is forgotten; what it evicted counts for every room from then on.
                    kept.entrySet().removeIf(entry -> {
                        if (entry.getValue().isEmpty()) {
                            evictedFromDropped.addAll(evictedByRoom.getOrDefault(entry.getKey(), List.of()));
                            evictedByRoom.remove(entry.getKey());
                            return true;
                        }
                        return false;
                    });
                }
            }
            long[] since = positions.get(random.nextInt(positions.size()));

            Replay replay = buffers.replay(List.of(TENANT), since, e -> true);

            boolean gap = java.util.stream.Stream.concat(evictedByRoom.getOrDefault(TENANT, List.of()).stream(),
                    evictedFromDropped.stream())
                    .anyMatch(e -> e.offset() > since[e.slot()]);
            if (gap) {
                gaps++;
                assertThat(replay.recovered()).as("run %d", run).isFalse();
            } else {
                List<BufferedEvent> expected = kept.getOrDefault(TENANT, List.of()).stream()
                        .filter(e -> e.offset() > since[e.slot()]).toList();
                assertThat(replay.recovered()).as("run %d", run).isTrue();
                assertThat(replay.events()).as("run %d", run).containsExactlyElementsOf(expected);
            }
        }
        assertThat(gaps).as("the runs exercise both outcomes").isBetween(20, 280);
    }

    private BufferedEvent append(int slot, long timestamp, Channel channel, String... rooms) {
        offsets[slot]++;
        OutFrame frame = new OutFrame(String.format("{\"n\":%07d}", sequence).getBytes(StandardCharsets.UTF_8), "test",
                null);
        BufferedEvent event = new BufferedEvent(++sequence, slot, offsets[slot], timestamp, channel, frame);
        buffers.append(List.of(rooms), event, timestamp);
        return event;
    }

    private long[] position() {
        return offsets.clone();
    }
}
