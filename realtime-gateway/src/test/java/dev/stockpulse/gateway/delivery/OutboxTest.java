package dev.stockpulse.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import org.junit.jupiter.api.Test;

class OutboxTest {

    /**
     * An event loop in a queue, and a socket whose buffer fills after a few writes and empties on flush (a fast
     * reader): the writability event fires inside the flush, before the outbox waits for it.
     */
    static class FastReaderSocket implements Transport {
        final Queue<Runnable> loop = new ArrayDeque<>();
        final List<OutFrame> written = new ArrayList<>();
        final int highWaterMark;
        int unflushed;
        Runnable onWritable;

        FastReaderSocket(int highWaterMark) {
            this.highWaterMark = highWaterMark;
        }

        @Override
        public void execute(Runnable task) {
            loop.add(task);
        }

        @Override
        public Object loopKey() {
            return loop;
        }

        @Override
        public void write(OutFrame frame) {
            written.add(frame);
            unflushed++;
        }

        @Override
        public void flush() {
            boolean wasFull = !writable();
            unflushed = 0;
            if (wasFull && onWritable != null) {
                Runnable task = onWritable;
                onWritable = null;
                task.run();
            }
        }

        @Override
        public boolean writable() {
            return unflushed < highWaterMark;
        }

        @Override
        public void whenWritable(Runnable task) {
            onWritable = task;
        }

        @Override
        public void ping() {
        }

        @Override
        public void close(CloseCode code) {
        }

        void runLoop() {
            Runnable task;
            while ((task = loop.poll()) != null) {
                task.run();
            }
        }
    }

    @Test
    void aBurstLargerThanTheSocketBufferIsWrittenCompletelyWhenTheReaderKeepsUp() {
        FastReaderSocket socket = new FastReaderSocket(3);
        Outbox outbox = new Outbox(socket, 1 << 20, slow -> {
            throw new AssertionError("not slow");
        });
        for (int i = 0; i < 20; i++) {
            assertThat(outbox.offer(frame(i))).isTrue();
        }
        socket.runLoop();
        assertThat(socket.written).hasSize(20);
        assertThat(socket.written).extracting(f -> new String(f.json(), StandardCharsets.UTF_8))
                .containsExactly(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "{\"n\":" + i + "}").toArray(String[]::new));
    }

    @Test
    void aReaderThatStopsFillsTheOutboxUntilItIsClosedAsSlow() {
        FastReaderSocket socket = new FastReaderSocket(2) {
            @Override
            public void flush() {
                // the client reads nothing: the socket buffer never empties
            }
        };
        List<Outbox> slow = new ArrayList<>();
        Outbox outbox = new Outbox(socket, frame(0).size() * 5L, slow::add);
        int accepted = 0;
        for (int i = 0; i < 20; i++) {
            if (outbox.offer(frame(i))) {
                accepted++;
            }
            socket.runLoop();
        }
        assertThat(slow).containsExactly(outbox);
        assertThat(outbox.isClosed()).isTrue();
        assertThat(accepted).isLessThan(20);
    }

    private static OutFrame frame(int n) {
        return OutFrame.control("event", "{\"n\":" + n + "}");
    }
}
