package dev.stockpulse.gateway.core.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.core.delivery.DeliveryBatch;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.delivery.Outbox;
import dev.stockpulse.gateway.core.delivery.Transport;
import dev.stockpulse.gateway.core.routing.Channel;
import dev.stockpulse.gateway.core.routing.Rooms;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Rooms as the fan-out sees them while connections come and go, without a server. */
class ConnectionRegistryTest {

    /** A socket whose event loop runs each task at once, recording what it was sent. */
    static final class RecordingSocket implements Transport {
        final List<String> received = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            task.run();
        }

        @Override
        public Object loopKey() {
            return this;
        }

        @Override
        public void write(OutFrame frame) {
            received.add(new String(frame.json(), StandardCharsets.UTF_8));
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
            task.run();
        }

        @Override
        public void ping() {
        }

        @Override
        public void close(CloseCode code) {
        }
    }

    private final ConnectionRegistry registry = new ConnectionRegistry(new SimpleMeterRegistry());
    private final ConnectedUser alice = new ConnectedUser("alice", "t1", false, Long.MAX_VALUE);
    private final String aliceRoom = Rooms.user("t1", "alice");
    private int sequence;

    @Test
    void aRoomThatGrowsFromOneMemberToThreeAndShrinksBackReachesExactlyItsMembers() {
        RecordingSocket first = new RecordingSocket();
        ClientSession one = join(first);
        assertThat(deliver()).isEqualTo(1);

        RecordingSocket second = new RecordingSocket();
        RecordingSocket third = new RecordingSocket();
        ClientSession two = join(second);
        join(third);
        assertThat(deliver()).isEqualTo(3);

        registry.leave(two.id());
        assertThat(deliver()).isEqualTo(2);
        registry.leave(one.id());
        assertThat(deliver()).isEqualTo(1);

        assertThat(first.received).containsExactly(frame(1), frame(2), frame(3));
        assertThat(second.received).containsExactly(frame(2));
        assertThat(third.received).containsExactly(frame(2), frame(3), frame(4));
    }

    @Test
    void aRoomWhoseOnlyMemberLeftReachesNobodyAndTakesNewMembersAgain() {
        ClientSession only = join(new RecordingSocket());
        registry.leave(only.id());
        assertThat(deliver()).isZero();

        RecordingSocket back = new RecordingSocket();
        join(back);
        assertThat(deliver()).isEqualTo(1);
        assertThat(back.received).containsExactly(frame(2));
    }

    @Test
    void theConnectionCapPerUserCountsUpAndGivesBack() {
        assertThat(registry.reserve(aliceRoom, 2)).isTrue();
        assertThat(registry.reserve(aliceRoom, 2)).isTrue();
        assertThat(registry.reserve(aliceRoom, 2)).isFalse();
        registry.release(aliceRoom);
        assertThat(registry.reserve(aliceRoom, 2)).isTrue();
        assertThat(registry.reserve(Rooms.user("t1", "bob"), 2)).isTrue();
    }

    private ClientSession join(RecordingSocket socket) {
        ClientSession session = new ClientSession("c" + (++sequence), ClientSession.Kind.WEBSOCKET, alice, alice.rooms(),
                new Subscriptions(Set.of(Channel.ALL)), socket, new RateLimiter.Settings(10, 20), 0);
        session.attach(new Outbox(socket, 1 << 20, 1 << 24, slow -> {
            throw new AssertionError("not slow");
        }));
        registry.join(session);
        return session;
    }

    private int deliveries;

    /** A notification to alice's own room; each call is the next frame, numbered from 1. */
    private int deliver() {
        deliveries++;
        DeliveryBatch batch = new DeliveryBatch(0, 0);
        int recipients = registry.deliver(List.of(aliceRoom), Channel.NOTIFICATIONS,
                OutFrame.control("event", frame(deliveries)), 0, deliveries, batch);
        batch.submit(System.nanoTime());
        return recipients;
    }

    private static String frame(int n) {
        return "{\"n\":" + n + "}";
    }
}
