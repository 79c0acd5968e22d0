package dev.stockpulse.gateway.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.stockpulse.gateway.core.delivery.OutboxTest.FastReaderSocket;

class DeliveryBatchTest {

    private static final long WINDOW = 1_000_000;

    /** Sockets on a shared event loop: one task queue, like connections served by one Netty event loop. */
    static final class LoopSocket extends FastReaderSocket {
        final FastReaderSocket loopOwner;
        int flushes;

        LoopSocket(FastReaderSocket loopOwner) {
            super(1000);
            this.loopOwner = loopOwner;
        }

        @Override
        public void execute(Runnable task) {
            loopOwner.loop.add(task);
        }

        @Override
        public Object loopKey() {
            return loopOwner.loop;
        }

        @Override
        public void flush() {
            flushes++;
            super.flush();
        }
    }

    private final FastReaderSocket loopA = new FastReaderSocket(1);
    private final FastReaderSocket loopB = new FastReaderSocket(1);

    @Test
    void anEventForManyConnectionsCostsOneTaskPerEventLoopAndOneFlushPerConnection() {
        List<LoopSocket> sockets = socketsOnTwoLoops(100);
        List<Outbox> outboxes = sockets.stream().map(DeliveryBatchTest::outbox).toList();
        DeliveryBatch batch = new DeliveryBatch(0, 0);
        for (Outbox outbox : outboxes) {
            assertThat(outbox.offer(frame(1), batch)).isTrue();
        }
        assertThat(loopA.loop).isEmpty();
        batch.submit(System.nanoTime());

        assertThat(loopA.loop).hasSize(1);
        assertThat(loopB.loop).hasSize(1);
        loopA.runLoop();
        loopB.runLoop();
        for (LoopSocket socket : sockets) {
            assertThat(socket.written).extracting(DeliveryBatchTest::text).containsExactly("{\"n\":1}");
            assertThat(socket.flushes).isEqualTo(1);
        }
    }

    @Test
    void theEventsOfOneBatchReachAConnectionInOneFlush() {
        List<LoopSocket> sockets = socketsOnTwoLoops(10);
        List<Outbox> outboxes = sockets.stream().map(DeliveryBatchTest::outbox).toList();
        DeliveryBatch batch = new DeliveryBatch(0, 0);
        assertThat(batch.isEmpty()).isTrue();
        for (int event = 1; event <= 3; event++) {
            for (Outbox outbox : outboxes) {
                outbox.offer(frame(event), batch);
            }
        }
        assertThat(batch.isEmpty()).isFalse();
        batch.submit(System.nanoTime());
        assertThat(batch.isEmpty()).as("a submitted batch can be filled again").isTrue();

        assertThat(loopA.loop).hasSize(1);
        assertThat(loopB.loop).hasSize(1);
        loopA.runLoop();
        loopB.runLoop();
        for (LoopSocket socket : sockets) {
            assertThat(socket.written).extracting(DeliveryBatchTest::text)
                    .containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
            assertThat(socket.flushes).as("three events, one write").isEqualTo(1);
        }
    }

    @Test
    void framesKeepTheirOrderAcrossBatchesAndDirectOffers() {
        LoopSocket socket = new LoopSocket(loopA);
        Outbox outbox = new Outbox(socket, 1 << 20, 1 << 24, slow -> {
            throw new AssertionError("not slow");
        });
        for (int n = 0; n < 10; n++) {
            if (n % 3 == 0) {
                outbox.offer(frame(n));
            } else {
                DeliveryBatch batch = new DeliveryBatch(0, 0);
                outbox.offer(frame(n), batch);
                batch.submit(System.nanoTime());
            }
            if (n % 4 == 0) {
                loopA.runLoop();
            }
        }
        loopA.runLoop();
        assertThat(socket.written).extracting(DeliveryBatchTest::text)
                .containsExactly(IntStream.range(0, 10).mapToObj(n -> "{\"n\":" + n + "}").toArray(String[]::new));
    }

    @Test
    void anOutboxWhoseDrainIsAlreadyPendingIsNotAddedAgain() {
        LoopSocket socket = new LoopSocket(loopA);
        Outbox outbox = new Outbox(socket, 1 << 20, 1 << 24, slow -> {
            throw new AssertionError("not slow");
        });
        DeliveryBatch first = new DeliveryBatch(0, 0);
        outbox.offer(frame(1), first);
        first.submit(System.nanoTime());
        DeliveryBatch second = new DeliveryBatch(0, 0);
        outbox.offer(frame(2), second);
        second.submit(System.nanoTime());

        assertThat(loopA.loop).hasSize(1);
        loopA.runLoop();
        assertThat(socket.written).extracting(DeliveryBatchTest::text).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(socket.flushes).isEqualTo(1);
    }

    @Test
    void withALongWindowAQuietConnectionsEventIsHandedOffAtOnce() {
        FakeClock clock = new FakeClock();
        DeliveryBatch batch = new DeliveryBatch(WINDOW, 0, clock);
        LoopSocket socket = new LoopSocket(loopA);
        Outbox outbox = outbox(socket);
        for (int n = 1; n <= 3; n++) {
            clock.now += WINDOW;
            outbox.offer(frame(n), batch);
            assertThat(batch.dueInNanos(clock.now)).isZero();
            batch.submit(clock.now);
            assertThat(batch.isEmpty()).isTrue();
            loopA.runLoop();
            assertThat(socket.written).as("event %d", n).hasSize(n);
        }
    }

    @Test
    void aBusyConnectionsEventWaitsForItsNextOneAndBothGoOutInOneWrite() {
        FakeClock clock = new FakeClock();
        DeliveryBatch batch = new DeliveryBatch(WINDOW, 0, clock);
        LoopSocket socket = new LoopSocket(loopA);
        Outbox outbox = outbox(socket);
        int n = makeBusy(outbox, batch, clock, WINDOW / 10);
        int flushes = socket.flushes;

        clock.now += WINDOW / 10;
        outbox.offer(frame(++n), batch);
        assertThat(batch.dueInNanos(clock.now)).as("held").isPositive().isLessThanOrEqualTo(2 * (WINDOW / 10) + 10);
        batch.submit(clock.now);
        assertThat(loopA.loop).as("nothing handed off while held").isEmpty();

        clock.now += WINDOW / 10;
        outbox.offer(frame(++n), batch);
        assertThat(batch.dueInNanos(clock.now)).as("due with the next event").isZero();
        batch.submit(clock.now);
        loopA.runLoop();
        assertThat(socket.written).extracting(DeliveryBatchTest::text).endsWith(text(frame(n - 1)), text(frame(n)));
        assertThat(socket.flushes - flushes).as("two events, one write").isEqualTo(1);
    }

    @Test
    void aHeldEventGoesOutByItsDeadlineWhenNoOtherComes() {
        FakeClock clock = new FakeClock();
        DeliveryBatch batch = new DeliveryBatch(WINDOW, 0, clock);
        LoopSocket socket = new LoopSocket(loopA);
        Outbox outbox = outbox(socket);
        int n = makeBusy(outbox, batch, clock, WINDOW / 4);

        clock.now += WINDOW / 4;
        outbox.offer(frame(++n), batch);
        long due = batch.dueInNanos(clock.now);
        assertThat(due).isPositive().isLessThanOrEqualTo(WINDOW / 2 + 10);
        batch.submit(clock.now + due - 1);
        assertThat(loopA.loop).isEmpty();
        batch.submit(clock.now + due);
        assertThat(batch.isEmpty()).isTrue();
        loopA.runLoop();
        assertThat(socket.written).extracting(DeliveryBatchTest::text).last().isEqualTo(text(frame(n)));
    }

    @Test
    void aQuietConnectionIsNotHeldForABusyOneOnTheSameEventLoop() {
        FakeClock clock = new FakeClock();
        DeliveryBatch batch = new DeliveryBatch(WINDOW, 0, clock);
        LoopSocket busySocket = new LoopSocket(loopA);
        LoopSocket quietSocket = new LoopSocket(loopA);
        Outbox busy = outbox(busySocket);
        Outbox quiet = outbox(quietSocket);
        int n = makeBusy(busy, batch, clock, WINDOW / 10);

        clock.now += WINDOW / 10;
        busy.offer(frame(++n), batch);
        quiet.offer(frame(n), batch);
        batch.submit(clock.now);
        loopA.runLoop();
        assertThat(quietSocket.written).extracting(DeliveryBatchTest::text).containsExactly(text(frame(n)));
        assertThat(busySocket.written).extracting(DeliveryBatchTest::text).doesNotContain(text(frame(n)));
        assertThat(batch.isEmpty()).as("the busy one still waits").isFalse();
    }

    @Test
    void aBusyConnectionIsNotHeldWhileTheInstanceDeliversLittleInAll() {
        FakeClock clock = new FakeClock();
        // A busy connection here takes an event every tenth of a window: 10,000 a second; the minimum is far above.
        DeliveryBatch batch = new DeliveryBatch(WINDOW, 1_000_000, clock);
        LoopSocket socket = new LoopSocket(loopA);
        Outbox outbox = outbox(socket);
        int n = makeBusy(outbox, batch, clock, WINDOW / 10);

        clock.now += WINDOW / 10;
        outbox.offer(frame(++n), batch);
        assertThat(batch.dueInNanos(clock.now)).as("due at once").isZero();
        batch.submit(clock.now);
        loopA.runLoop();
        assertThat(socket.written).extracting(DeliveryBatchTest::text).last().isEqualTo(text(frame(n)));
    }

    @Test
    void aBusyConnectionIsHeldWhileTheInstanceDeliversTheMinimumRateAndNotAfterAQuietSpell() {
        FakeClock clock = new FakeClock();
        // 5,000 a second: 500 in a tenth of a second.
        DeliveryBatch batch = new DeliveryBatch(WINDOW, 5_000, clock);
        LoopSocket busySocket = new LoopSocket(loopA);
        Outbox busy = outbox(busySocket);
        int n = makeBusy(busy, batch, clock, WINDOW / 10);

        clock.now += WINDOW / 10;
        List<LoopSocket> others = socketsOnTwoLoops(500);
        for (LoopSocket other : others) {
            outbox(other).offer(frame(0), batch);
        }
        busy.offer(frame(++n), batch);
        batch.submit(clock.now);
        loopA.runLoop();
        loopB.runLoop();
        assertThat(others).allSatisfy(other -> assertThat(other.written).as("quiet connections").hasSize(1));
        assertThat(busySocket.written).extracting(DeliveryBatchTest::text).as("held")
                .doesNotContain(text(frame(n)));
        batch.submit(Long.MAX_VALUE);
        loopA.runLoop();

        clock.now += 3 * 100_000_000L;
        makeBusy(busy, batch, clock, WINDOW / 10);
        clock.now += WINDOW / 10;
        busy.offer(frame(1_000), batch);
        assertThat(batch.dueInNanos(clock.now)).as("quiet instance again: due at once").isZero();
    }

    /**
     * Offers 50 events {@code every} apart, each written at once whatever the pacing, so that the connection's usual gap
     * is {@code every}; returns the last event's number.
     */
    private int makeBusy(Outbox outbox, DeliveryBatch batch, FakeClock clock, long every) {
        int n = 0;
        while (n < 50) {
            clock.now += every;
            outbox.offer(frame(++n), batch);
            batch.submit(Long.MAX_VALUE);
            loopA.runLoop();
        }
        return n;
    }

    static final class FakeClock implements LongSupplier {
        long now = 1_000_000;

        @Override
        public long getAsLong() {
            return now;
        }
    }

    /** Sockets served alternately by loop A and loop B. */
    private List<LoopSocket> socketsOnTwoLoops(int count) {
        List<LoopSocket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sockets.add(new LoopSocket(i % 2 == 0 ? loopA : loopB));
        }
        return sockets;
    }

    private static Outbox outbox(LoopSocket socket) {
        return new Outbox(socket, 1 << 20, 1 << 24, slow -> {
            throw new AssertionError("not slow");
        });
    }

    private static String text(OutFrame frame) {
        return new String(frame.json(), StandardCharsets.UTF_8);
    }

    private static OutFrame frame(int n) {
        return OutFrame.control("event", "{\"n\":" + n + "}");
    }
}
