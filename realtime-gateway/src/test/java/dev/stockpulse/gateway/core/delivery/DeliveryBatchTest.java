package dev.stockpulse.gateway.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.stockpulse.gateway.core.delivery.OutboxTest.FastReaderSocket;

class DeliveryBatchTest {

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
        DeliveryBatch batch = new DeliveryBatch();
        for (Outbox outbox : outboxes) {
            assertThat(outbox.offer(frame(1), batch)).isTrue();
        }
        assertThat(loopA.loop).isEmpty();
        batch.submit();

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
        DeliveryBatch batch = new DeliveryBatch();
        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.openNanos()).isZero();
        for (int event = 1; event <= 3; event++) {
            for (Outbox outbox : outboxes) {
                outbox.offer(frame(event), batch);
            }
        }
        assertThat(batch.isEmpty()).isFalse();
        batch.submit();
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
                DeliveryBatch batch = new DeliveryBatch();
                outbox.offer(frame(n), batch);
                batch.submit();
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
        DeliveryBatch first = new DeliveryBatch();
        outbox.offer(frame(1), first);
        first.submit();
        DeliveryBatch second = new DeliveryBatch();
        outbox.offer(frame(2), second);
        second.submit();

        assertThat(loopA.loop).hasSize(1);
        loopA.runLoop();
        assertThat(socket.written).extracting(DeliveryBatchTest::text).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(socket.flushes).isEqualTo(1);
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
