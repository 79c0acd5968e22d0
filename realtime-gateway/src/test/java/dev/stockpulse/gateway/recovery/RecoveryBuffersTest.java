package dev.stockpulse.gateway.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stockpulse.gateway.delivery.OutFrame;
import dev.stockpulse.gateway.room.Channel;

/** The replay rules, without Kafka: two partitions (slots 0 and 1), rooms of one tenant, a 60 s window. */
class RecoveryBuffersTest {

    private static final long WINDOW = 60_000;
    private static final int CAPACITY = 5;
    private static final String TENANT = "tenant:t";
    private static final String ALICE = "user:t:alice";
    private static final String ADMINS = "admin:t";

    private RecoveryBuffers buffers;
    private long sequence;
    private final long[] offsets = {-1, -1};

    @BeforeEach
    void setUp() {
        buffers = new RecoveryBuffers(WINDOW, CAPACITY);
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
        RecoveryBuffers restarted = new RecoveryBuffers(WINDOW, CAPACITY);
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
        OutFrame frame = new OutFrame(("{\"n\":" + sequence + "}").getBytes(StandardCharsets.UTF_8), "test", null);
        BufferedEvent event = new BufferedEvent(++sequence, slot, offsets[slot], timestamp, channel, frame);
        buffers.append(List.of(rooms), event, timestamp);
        return event;
    }

    private long[] position() {
        return offsets.clone();
    }
}
