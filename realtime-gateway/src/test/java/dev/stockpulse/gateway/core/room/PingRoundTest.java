package dev.stockpulse.gateway.core.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.delivery.Transport;

/** The pings of a housekeeping tick, grouped by event loop, without a server. */
class PingRoundTest {

    /** An event loop that keeps its tasks until {@link #runAll}, counting them. */
    static final class Loop {
        final List<Runnable> tasks = new ArrayList<>();

        void runAll() {
            tasks.forEach(Runnable::run);
            tasks.clear();
        }
    }

    static final class Socket implements Transport {
        final Loop loop;
        final boolean failing;
        int pings;

        Socket(Loop loop, boolean failing) {
            this.loop = loop;
            this.failing = failing;
        }

        @Override
        public void execute(Runnable task) {
            loop.tasks.add(task);
        }

        @Override
        public Object loopKey() {
            return loop;
        }

        @Override
        public void write(OutFrame frame) {
        }

        @Override
        public void flush() {
        }

        @Override
        public boolean writable() {
            return true;
        }

        @Override
        public void whenWritable(Runnable task) {
        }

        @Override
        public void ping() {
            pings++;
            if (failing) {
                throw new IllegalStateException("socket gone");
            }
        }

        @Override
        public void close(CloseCode code) {
        }
    }

    @Test
    void thePingsOfManyConnectionsCostOneTaskPerEventLoopAndReachEveryConnectionOnce() {
        Loop first = new Loop();
        Loop second = new Loop();
        List<Socket> sockets = new ArrayList<>();
        PingRound round = new PingRound();
        for (int i = 0; i < 1000; i++) {
            Socket socket = new Socket(i % 3 == 0 ? second : first, false);
            sockets.add(socket);
            round.add(socket);
        }

        round.send();

        assertThat(first.tasks).hasSize(1);
        assertThat(second.tasks).hasSize(1);
        assertThat(sockets).allMatch(socket -> socket.pings == 0, "nothing is pinged off its event loop");
        first.runAll();
        second.runAll();
        assertThat(sockets).allMatch(socket -> socket.pings == 1);
    }

    @Test
    void aPingThatFailsDoesNotKeepTheOthersOfItsLoopUnpinged() {
        Loop loop = new Loop();
        Socket before = new Socket(loop, false);
        Socket failing = new Socket(loop, true);
        Socket after = new Socket(loop, false);
        PingRound round = new PingRound();
        List.of(before, failing, after).forEach(round::add);

        round.send();
        loop.runAll();

        assertThat(List.of(before, failing, after)).allMatch(socket -> socket.pings == 1);
    }

    @Test
    void aRoundIsEmptyAgainOnceSent() {
        Loop loop = new Loop();
        Socket socket = new Socket(loop, false);
        PingRound round = new PingRound();
        round.add(socket);
        round.send();
        loop.runAll();

        round.send();

        assertThat(loop.tasks).isEmpty();
        assertThat(socket.pings).isEqualTo(1);
    }
}
