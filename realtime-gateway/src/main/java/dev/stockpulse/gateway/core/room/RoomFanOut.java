package dev.stockpulse.gateway.core.room;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.gateway.core.config.GatewayConfig;
import dev.stockpulse.gateway.core.delivery.DeliveryBatch;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.recovery.BufferedEvent;
import dev.stockpulse.gateway.core.recovery.PartitionSlots;
import dev.stockpulse.gateway.core.recovery.PositionCodec;
import dev.stockpulse.gateway.core.recovery.RecoveryBuffers;
import dev.stockpulse.gateway.core.recovery.Replay;
import dev.stockpulse.gateway.core.routing.Channel;
import dev.stockpulse.gateway.core.routing.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Routes events to rooms: where a routed event is buffered for recovery and handed to the connections of its
 * audience, and where clients join and come back. One lock orders the two: an event is buffered and handed to the
 * connections of its audience in one step, and a client joins (or replays from its position) in one step, so every
 * client gets each event exactly once, either replayed or live, never both and never neither. Only the consumer
 * thread takes the lock per event, so it is uncontended but for joins.
 *
 * <p>The position of everything sent so far (per partition slot, the offset of the last record the intake passed on)
 * is kept here too, under the same lock: a joining client starts from it. The frames themselves come from the
 * {@link FrameEncoder}: an event is encoded once, and its frame is shared by every recipient and the buffers.
 */
@ApplicationScoped
public class RoomFanOut {

    private final ReentrantLock lock = new ReentrantLock();
    private final ConnectionRegistry connections;
    private final FrameEncoder frames;
    private final PartitionSlots slots = new PartitionSlots();
    private final PositionCodec codec;
    private final RecoveryBuffers buffers;
    private final Counter recoveryHits;
    private final Counter recoveryMisses;
    /** Per slot, the offset of the last record processed: the position of everything sent so far. */
    private long[] current = new long[0];
    private long sequence;
    private volatile boolean live;

    public RoomFanOut(ConnectionRegistry connections, FrameEncoder frames, MeterRegistry meters, GatewayConfig config) {
        this.connections = connections;
        this.frames = frames;
        this.codec = new PositionCodec(config.kafka().topics());
        this.buffers = new RecoveryBuffers(config.recovery().window().toMillis(), config.recovery().roomCapacity(),
                config.recovery().maxBytes());
        this.recoveryHits = meters.counter("gateway.recovery", "outcome", "recovered");
        this.recoveryMisses = meters.counter("gateway.recovery", "outcome", "not_recovered");
        meters.gauge("gateway.recovery.bytes", buffers, RecoveryBuffers::bytes);
        meters.more().counter("gateway.recovery.memory.evictions", Tags.empty(), buffers,
                RecoveryBuffers::memoryEvictions);
    }

    // ---- The intake's side

    /** What became of a published event. */
    public enum Published {
        /** Delivered to at least one connection. */
        DELIVERED,
        /** Only buffered: not live yet. */
        BUFFERED,
        /** Buffered; no connection listens to it. */
        NO_AUDIENCE
    }

    /** {@code partition} is buffered from {@code firstOffset}: nothing before it can be replayed. */
    public int assigned(TopicPartition partition, long firstOffset) {
        lock.lock();
        try {
            int slot = slots.slotOf(partition);
            buffers.cover(slot, firstOffset);
            current = grow(current, slot);
            current[slot] = firstOffset - 1;
            return slot;
        } finally {
            lock.unlock();
        }
    }

    /** The slot of an assigned partition, or -1; called by the consumer thread only, as {@link #assigned} is. */
    public int slotOf(TopicPartition partition) {
        return slots.find(partition);
    }

    /** From now on events are delivered to connections; before, they only rebuild the recovery buffers. */
    public void goLive() {
        live = true;
    }

    public boolean isLive() {
        return live;
    }

    /**
     * Encodes the event once, buffers it and, once live, queues it for every connection of its audience; its
     * recipients' outboxes are written when the caller submits {@code batch}.
     */
    public Published publish(int slot, long offset, long timestamp, Route route, EventEnvelope<?> event,
            DeliveryBatch batch) {
        lock.lock();
        try {
            current[slot] = Math.max(current[slot], offset);
            OutFrame frame = frames.event(route, codec.encode(current, slots), event);
            buffers.append(route.rooms(), new BufferedEvent(++sequence, slot, offset, timestamp, route.channel(), frame),
                    System.currentTimeMillis());
            if (!live) {
                return Published.BUFFERED;
            }
            int recipients = connections.deliver(route.rooms(), route.channel(), frame, slot, offset, batch);
            return recipients > 0 ? Published.DELIVERED : Published.NO_AUDIENCE;
        } finally {
            lock.unlock();
        }
    }

    /** A record that goes to no one still moves the position past it. */
    public void passed(int slot, long offset) {
        lock.lock();
        try {
            current[slot] = Math.max(current[slot], offset);
        } finally {
            lock.unlock();
        }
    }

    /** Ages out events of rooms that receive nothing new; called periodically. */
    public void sweep() {
        lock.lock();
        try {
            buffers.sweep(System.currentTimeMillis());
        } finally {
            lock.unlock();
        }
    }

    // ---- The clients' side

    /**
     * Registers a new connection and queues its first frames: the welcome (with the position it starts from), the
     * given errors, and, if it came with a position, the recovery of what it missed.
     */
    public void open(ClientSession session, List<OutFrame> errors, String since) {
        lock.lock();
        try {
            long[] now = current.clone();
            Map<Channel, long[]> liveFrom = new EnumMap<>(Channel.class);
            for (Channel channel : session.subscriptions().current()) {
                liveFrom.putAll(session.subscriptions().subscribe(channel, now));
            }
            connections.join(session);
            session.send(frames.welcome(session.id(), session.user(), session.subscriptions().current(),
                    codec.encode(now, slots)));
            errors.forEach(session::send);
            if (since != null) {
                recover(session, null, since, liveFrom);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Subscribes and queues the acknowledgement, then, with a position, what the client missed of the channel. */
    public void subscribe(ClientSession session, Channel channel, String since) {
        lock.lock();
        try {
            Map<Channel, long[]> liveFrom = session.subscriptions().subscribe(channel, current.clone());
            session.send(frames.subscribed(channel));
            if (since != null) {
                recover(session, channel, since, liveFrom);
            }
        } finally {
            lock.unlock();
        }
    }

    private void recover(ClientSession session, Channel label, String since, Map<Channel, long[]> liveFrom) {
        long[] position;
        try {
            position = codec.decodeToSlots(since, slots);
        } catch (IllegalArgumentException e) {
            // Say why, then answer as for any position that cannot be honoured, so the client reloads over REST.
            recoveryMisses.increment();
            session.send(frames.notAPosition(e.getMessage()));
            session.send(frames.recovery(label, false, 0));
            return;
        }
        // Of each channel, only what was not already sent live on this connection.
        Replay replay = buffers.replay(session.rooms(), position, event -> {
            long[] upTo = liveFrom.get(event.channel());
            return upTo != null && event.offset() <= at(upTo, event.slot());
        });
        if (!replay.recovered()) {
            recoveryMisses.increment();
            session.send(frames.recovery(label, false, 0));
            return;
        }
        recoveryHits.increment();
        session.send(frames.recovery(label, true, replay.events().size()));
        for (BufferedEvent event : replay.events()) {
            session.send(event.frame());
        }
        // A position from an instance that had read further than this one: what it already has must not come again.
        if (isAhead(position)) {
            long[] previous = session.skipThrough();
            long[] skip = previous == null ? position.clone() : previous.clone();
            for (int slot = 0; slot < Math.min(skip.length, position.length); slot++) {
                skip[slot] = Math.max(skip[slot], position[slot]);
            }
            session.skipThrough(skip);
        }
    }

    private boolean isAhead(long[] position) {
        for (int slot = 0; slot < Math.min(position.length, current.length); slot++) {
            if (position[slot] > current[slot]) {
                return true;
            }
        }
        return false;
    }

    public int bufferedEvents() {
        lock.lock();
        try {
            return buffers.size();
        } finally {
            lock.unlock();
        }
    }

    private static long at(long[] offsets, int slot) {
        return slot < offsets.length ? offsets[slot] : RecoveryBuffers.NONE;
    }

    private static long[] grow(long[] offsets, int slot) {
        if (slot < offsets.length) {
            return offsets;
        }
        long[] grown = Arrays.copyOf(offsets, slot + 1);
        Arrays.fill(grown, offsets.length, grown.length, RecoveryBuffers.NONE);
        return grown;
    }
}
