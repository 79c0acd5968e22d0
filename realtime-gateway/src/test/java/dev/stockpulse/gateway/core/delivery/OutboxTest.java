package dev.stockpulse.gateway.core.delivery;

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
        Outbox outbox = new Outbox(socket, 1 << 20, 1 << 24, slow -> {
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
        Outbox outbox = new Outbox(socket, frame(0).size() * 5L, 1 << 24, slow::add);
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

    @Test
    void framesThatWaitForALateEventLoopAreNotSlownessHoweverMany() {
        FastReaderSocket socket = new FastReaderSocket(3);
        Outbox outbox = new Outbox(socket, frame(0).size() * 5L, 1 << 24, slow -> {
            throw new AssertionError("not slow: the socket never refused a byte");
        });
        for (int i = 0; i < 200; i++) {
            assertThat(outbox.offer(frame(i))).isTrue();
        }
        socket.runLoop();
        assertThat(socket.written).hasSize(200);
        assertThat(outbox.isClosed()).isFalse();
    }

    @Test
    void aReaderThatTakesLittleWhileItsSocketStaysFullIsBehindNotSlow() {
        SlowReaderSocket socket = new SlowReaderSocket(4, 1);
        // More than the four offers between two takes may refuse, far less than the backlog the reader falls behind.
        Outbox outbox = new Outbox(socket, frame(100).size() * 6L, 1 << 24, slow -> {
            throw new AssertionError("not slow: it took a frame between every few offers");
        });
        for (int i = 0; i < 200; i++) {
            assertThat(outbox.offer(frame(i))).isTrue();
            socket.runLoop();
            if (i % 4 == 0) {
                socket.take(1);
                socket.runLoop();
            }
        }
        for (int round = 0; round < 1000 && socket.written.size() < 200; round++) {
            socket.take(2);
            socket.runLoop();
        }
        assertThat(socket.written).extracting(f -> new String(f.json(), StandardCharsets.UTF_8))
                .containsExactly(java.util.stream.IntStream.range(0, 200).mapToObj(i -> "{\"n\":" + i + "}").toArray(String[]::new));
        assertThat(outbox.isClosed()).isFalse();
    }

    @Test
    void aClientThatTakesBytesWhileItsSocketIsFullShowsASignOfLife() {
        SlowReaderSocket socket = new SlowReaderSocket(4, 1);
        Outbox outbox = new Outbox(socket, 1 << 20, 1 << 24, slow -> {
        });
        for (int i = 0; i < 10; i++) {
            outbox.offer(frame(i));
        }
        socket.runLoop();
        assertThat(outbox.lastTookMillis()).as("its socket is full and it took nothing yet").isZero();

        long before = System.currentTimeMillis();
        socket.take(3);
        socket.runLoop();
        assertThat(outbox.lastTookMillis()).isGreaterThanOrEqualTo(before);
    }

    @Test
    void aBacklogPastItsBoundClosesTheConnectionAsSlowEvenWhileItReads() {
        FastReaderSocket socket = new FastReaderSocket(3);
        List<Outbox> slow = new ArrayList<>();
        Outbox outbox = new Outbox(socket, 1 << 20, frame(0).size() * 10L, slow::add);
        int accepted = 0;
        for (int i = 0; i < 20; i++) {
            if (outbox.offer(frame(i))) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(10);
        assertThat(slow).containsExactly(outbox);
    }

    /**
     * A socket with Netty's hysteresis: full once it holds {@code high} unread frames, writable again only when the
     * client has taken all but {@code low} of them. The client takes frames only when told, and the socket says how
     * many it must still take before it is writable, as Netty's channel does.
     */
    static final class SlowReaderSocket extends FastReaderSocket {
        final int low;
        boolean full;

        SlowReaderSocket(int high, int low) {
            super(high);
            this.low = low;
        }

        @Override
        public void write(OutFrame frame) {
            super.write(frame);
            full = unflushed >= highWaterMark;
        }

        @Override
        public void flush() {
            // the client reads only in take()
        }

        @Override
        public boolean writable() {
            return !full;
        }

        @Override
        public long bytesBeforeWritable() {
            return full ? unflushed - low : 0;
        }

        void take(int frames) {
            unflushed = Math.max(0, unflushed - frames);
            if (full && unflushed <= low) {
                full = false;
                if (onWritable != null) {
                    Runnable task = onWritable;
                    onWritable = null;
                    task.run();
                }
            }
        }
    }

    private static OutFrame frame(int n) {
        return OutFrame.control("event", "{\"n\":" + n + "}");
    }
}
