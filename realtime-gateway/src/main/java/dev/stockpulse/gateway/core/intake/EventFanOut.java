package dev.stockpulse.gateway.core.intake;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.stockpulse.commons.messaging.HeaderText;
import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventContractException;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.UnknownEventTypeException;
import dev.stockpulse.events.UnsupportedEventVersionException;
import dev.stockpulse.events.sales.OrderPayload;
import dev.stockpulse.gateway.core.config.GatewayConfig;
import dev.stockpulse.gateway.core.delivery.DeliveryBatch;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.recovery.BufferedEvent;
import dev.stockpulse.gateway.core.recovery.PartitionSlots;
import dev.stockpulse.gateway.core.recovery.PositionCodec;
import dev.stockpulse.gateway.core.recovery.RecoveryBuffers;
import dev.stockpulse.gateway.core.recovery.Replay;
import dev.stockpulse.gateway.core.room.ClientSession;
import dev.stockpulse.gateway.core.room.ConnectionRegistry;
import dev.stockpulse.gateway.core.routing.Channel;
import dev.stockpulse.gateway.core.routing.EventRouter;
import dev.stockpulse.gateway.core.routing.Route;
import dev.stockpulse.gateway.protocol.ErrorCode;
import dev.stockpulse.gateway.protocol.EventFrame;
import dev.stockpulse.gateway.protocol.ServerFrames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Where Kafka records become frames for clients, and where clients join and come back. One lock orders the two: a
 * record is buffered and handed to the connections of its audience in one step, and a client joins (or replays from
 * its position) in one step, so every client gets each event exactly once, either replayed or live, never both and
 * never neither. Only the consumer thread takes the lock per record, so it is uncontended but for joins.
 *
 * <p>A record whose {@code event_id} already occurred shortly before in its partition is a duplicate: it is neither
 * buffered nor delivered (see {@link RecentEventIds}), so neither live clients nor replays see an event twice.
 *
 * <p>Never throws on a record: one bad record must not stop the stream every client depends on.
 */
@ApplicationScoped
public class EventFanOut {

    private static final Logger LOG = Logger.getLogger(EventFanOut.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final EventRouter router;
    private final ConnectionRegistry connections;
    private final ServerFrames frames;
    private final MeterRegistry meters;
    private final PartitionSlots slots = new PartitionSlots();
    private final PositionCodec codec;
    private final RecoveryBuffers buffers;
    private final Counter recoveryHits;
    private final Counter recoveryMisses;
    /** Per slot, the offset of the last record processed: the position of everything sent so far. */
    private long[] current = new long[0];
    /** Per slot; only the consumer thread touches them, so outside the lock. */
    private RecentEventIds[] recentIds = new RecentEventIds[0];
    /** Per slot, the first offset that is buffered: records before it are read only for their event ids. */
    private long[] bufferedFrom = new long[0];
    private final int dedupeSpan;
    private long sequence;
    private volatile boolean live;

    public EventFanOut(EventRouter router, ConnectionRegistry connections, ServerFrames frames, MeterRegistry meters,
            GatewayConfig config) {
        this.router = router;
        this.connections = connections;
        this.frames = frames;
        this.meters = meters;
        this.codec = new PositionCodec(config.kafka().topics());
        this.buffers = new RecoveryBuffers(config.recovery().window().toMillis(), config.recovery().roomCapacity(),
                config.recovery().maxBytes());
        this.dedupeSpan = config.dedupe().recordsPerPartition();
        this.recoveryHits = meters.counter("gateway.recovery", "outcome", "recovered");
        this.recoveryMisses = meters.counter("gateway.recovery", "outcome", "not_recovered");
        meters.gauge("gateway.recovery.bytes", buffers, RecoveryBuffers::bytes);
        meters.more().counter("gateway.recovery.memory.evictions", Tags.empty(), buffers,
                RecoveryBuffers::memoryEvictions);
    }

    // ---- The consumer's side

    /**
     * The consumer buffers {@code partition} from {@code firstOffset}: nothing before it can be replayed. It may read
     * up to {@link #dedupeSpan()} records before it: those only tell which events the first buffered ones repeat.
     */
    public void assigned(TopicPartition partition, long firstOffset) {
        lock.lock();
        try {
            int slot = slots.slotOf(partition);
            buffers.cover(slot, firstOffset);
            current = grow(current, slot);
            current[slot] = firstOffset - 1;
            bufferedFrom = grow(bufferedFrom, slot);
            bufferedFrom[slot] = firstOffset;
            if (slot >= recentIds.length) {
                recentIds = Arrays.copyOf(recentIds, slot + 1);
            }
            recentIds[slot] = new RecentEventIds(dedupeSpan);
        } finally {
            lock.unlock();
        }
    }

    /** How far back before the recovery window the consumer must read for {@link RecentEventIds} to decide alike. */
    public int dedupeSpan() {
        return dedupeSpan;
    }

    /** From now on records are delivered to connections; before, they only rebuild the recovery buffers. */
    public void goLive() {
        live = true;
    }

    public boolean isLive() {
        return live;
    }

    /** Handles one record; its recipients' outboxes are written when the caller submits {@code batch}. */
    public void accept(ConsumerRecord<String, byte[]> record, DeliveryBatch batch) {
        Outcome outcome;
        try {
            outcome = handle(record, batch);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Event at %s:%d:%d could not be delivered", record.topic(), record.partition(), record.offset());
            outcome = Outcome.FAILED;
        }
        meters.counter("gateway.events", "outcome", outcome.tag).increment();
    }

    private Outcome handle(ConsumerRecord<String, byte[]> record, DeliveryBatch batch) {
        int slot = slots.find(new TopicPartition(record.topic(), record.partition()));
        if (slot < 0) {
            return Outcome.FAILED;
        }
        boolean history = record.offset() < bufferedFrom[slot];
        // The headers repeat the event's id, so a duplicate costs no parsing.
        String headerId = HeaderText.of(record.headers(), EventHeaders.EVENT_ID);
        if (headerId != null && recentIds[slot].repeated(headerId, record.offset())) {
            return skipped(slot, record.offset(), Outcome.DUPLICATE);
        }
        if (history && headerId != null) {
            return Outcome.HISTORY;
        }
        EventEnvelope<?> envelope = null;
        Route route = null;
        Outcome outcome = Outcome.NO_AUDIENCE;
        String headerType = HeaderText.of(record.headers(), EventHeaders.EVENT_TYPE);
        if (headerType != null && router.channelOf(headerType).isEmpty()) {
            // The headers repeat the type, so an event no channel carries costs no parsing.
            outcome = Outcome.UNROUTED;
        } else {
            try {
                envelope = EventCodec.decode(record.value());
                EventMetadata metadata = envelope.metadata();
                String headerTenant = HeaderText.of(record.headers(), EventHeaders.TENANT_ID);
                if (headerTenant != null && !headerTenant.equals(metadata.tenantId())) {
                    LOG.warnf("Skipped %s:%d:%d: header tenant_id '%s' differs from the body's '%s'", record.topic(),
                            record.partition(), record.offset(), headerTenant, metadata.tenantId());
                    outcome = Outcome.INVALID;
                } else {
                    Optional<Route> routed = router.route(metadata.eventType(), metadata.tenantId(), addressee(envelope));
                    route = routed.orElse(null);
                    outcome = route == null ? Outcome.UNROUTED : Outcome.NO_AUDIENCE;
                }
            } catch (UnknownEventTypeException | UnsupportedEventVersionException e) {
                LOG.debugf("Skipped %s:%d:%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                outcome = Outcome.UNSUPPORTED;
            } catch (EventContractException e) {
                // Dead-lettering is the job of the services that own the topic; every gateway instance reads every
                // record, so a gateway dead-letter would be copied once per instance.
                LOG.warnf("Skipped %s:%d:%d, it breaks the event contract: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                outcome = Outcome.INVALID;
            }
        }
        if (headerId == null && envelope != null
                && recentIds[slot].repeated(envelope.metadata().eventId().toString(), record.offset())) {
            return skipped(slot, record.offset(), Outcome.DUPLICATE);
        }
        if (history) {
            return Outcome.HISTORY;
        }

        lock.lock();
        try {
            current[slot] = Math.max(current[slot], record.offset());
            if (route == null) {
                return outcome;
            }
            OutFrame frame = EventFrame.encode(route, codec.encode(current, slots), envelope);
            buffers.append(route.rooms(), new BufferedEvent(++sequence, slot, record.offset(), record.timestamp(),
                    route.channel(), frame), System.currentTimeMillis());
            if (!live) {
                return Outcome.BUFFERED;
            }
            int recipients = connections.deliver(route.rooms(), route.channel(), frame, slot, record.offset(), batch);
            return recipients > 0 ? Outcome.DELIVERED : Outcome.NO_AUDIENCE;
        } finally {
            lock.unlock();
        }
    }

    /** A record that goes to no one still moves the position past it. */
    private Outcome skipped(int slot, long offset, Outcome outcome) {
        lock.lock();
        try {
            current[slot] = Math.max(current[slot], offset);
            return outcome;
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
            Map<Channel, long[]> liveFrom = new java.util.EnumMap<>(Channel.class);
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
            session.send(frames.ack("subscribed", channel));
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
            session.send(frames.error(ErrorCode.BAD_REQUEST, "\"since\" is not a position: " + e.getMessage()));
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

    /** An order's buyer is its addressee even when a producer left the metadata's user_id out. */
    private static String addressee(EventEnvelope<?> envelope) {
        String userId = envelope.metadata().userId();
        if (userId == null && envelope.payload() instanceof OrderPayload order) {
            return order.userId();
        }
        return userId;
    }

    private enum Outcome {
        DELIVERED("delivered"),
        BUFFERED("buffered"),
        DUPLICATE("duplicate"),
        HISTORY("history"),
        NO_AUDIENCE("no_audience"),
        UNROUTED("unrouted"),
        UNSUPPORTED("unsupported"),
        INVALID("invalid"),
        FAILED("failed");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }
}
