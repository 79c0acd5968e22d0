package dev.stockpulse.gateway.core.intake;

import java.util.Arrays;
import java.util.Optional;

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
import dev.stockpulse.gateway.core.room.RoomFanOut;
import dev.stockpulse.gateway.core.routing.EventRouter;
import dev.stockpulse.gateway.core.routing.Route;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where Kafka records become events: drops duplicates, decodes and routes what is left, and hands each routed event
 * to the {@link RoomFanOut} with its partition's position. Called by the consumer thread only.
 *
 * <p>A record whose {@code event_id} already occurred for its tenant shortly before in its partition is a duplicate:
 * it is neither buffered nor delivered (see {@link RecentEventIds}), so neither live clients nor replays see an event
 * twice. Id and tenant come from the headers when the producer set them, from the body otherwise (producers that
 * follow the ERP document set none).
 *
 * <p>A record of a bound topic ({@link TopicBindings}) is plain JSON: its binding makes the event, with the binding's
 * tenant and an id derived from the record's offset, and one that makes none is dead-lettered. Its partition has
 * positions like any other.
 *
 * <p>Never throws on a record: one bad record must not stop the stream every client depends on.
 */
@ApplicationScoped
public class EventIntake {

    private static final Logger LOG = Logger.getLogger(EventIntake.class);

    private final EventRouter router;
    private final RoomFanOut fanOut;
    private final MeterRegistry meters;
    private final TopicBindings bindings;
    private final DeadLetterPublisher deadLetters;
    /** Per slot. */
    private RecentEventIds[] recentIds = new RecentEventIds[0];
    /** Per slot, the first offset that is buffered: records before it are read only for their event ids. */
    private long[] bufferedFrom = new long[0];
    private final int dedupeSpan;

    public EventIntake(EventRouter router, RoomFanOut fanOut, MeterRegistry meters, GatewayConfig config,
            TopicBindings bindings, DeadLetterPublisher deadLetters) {
        this.router = router;
        this.fanOut = fanOut;
        this.meters = meters;
        this.bindings = bindings;
        this.deadLetters = deadLetters;
        this.dedupeSpan = config.dedupe().recordsPerPartition();
    }

    /**
     * The consumer buffers {@code partition} from {@code firstOffset}: nothing before it can be replayed. It may read
     * up to {@link #dedupeSpan()} records before it: those only tell which events the first buffered ones repeat.
     */
    public void assigned(TopicPartition partition, long firstOffset) {
        int slot = fanOut.assigned(partition, firstOffset);
        if (slot >= bufferedFrom.length) {
            bufferedFrom = Arrays.copyOf(bufferedFrom, slot + 1);
            recentIds = Arrays.copyOf(recentIds, slot + 1);
        }
        bufferedFrom[slot] = firstOffset;
        recentIds[slot] = new RecentEventIds(dedupeSpan);
    }

    /** How far back before the recovery window the consumer must read for {@link RecentEventIds} to decide alike. */
    public int dedupeSpan() {
        return dedupeSpan;
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
        int slot = fanOut.slotOf(new TopicPartition(record.topic(), record.partition()));
        if (slot < 0) {
            return Outcome.FAILED;
        }
        boolean history = record.offset() < bufferedFrom[slot];
        TopicBinding binding = bindings.of(record.topic());
        if (binding != null) {
            // Its event ids derive from offsets and never repeat: nothing before the window is worth reading.
            return history ? Outcome.HISTORY : bound(binding, slot, record, batch);
        }
        // The headers repeat the event's id and tenant, so a duplicate costs no parsing.
        String headerId = HeaderText.of(record.headers(), EventHeaders.EVENT_ID);
        String headerTenant = HeaderText.of(record.headers(), EventHeaders.TENANT_ID);
        boolean keyedByHeaders = headerId != null && headerTenant != null;
        if (keyedByHeaders && recentIds[slot].repeated(headerTenant, headerId, record.offset())) {
            return skipped(slot, record.offset(), Outcome.DUPLICATE);
        }
        if (history && keyedByHeaders) {
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
        if (!keyedByHeaders && envelope != null && recentIds[slot]
                .repeated(envelope.metadata().tenantId(), envelope.metadata().eventId(), record.offset())) {
            return skipped(slot, record.offset(), Outcome.DUPLICATE);
        }
        if (history) {
            return Outcome.HISTORY;
        }
        if (route == null) {
            return skipped(slot, record.offset(), outcome);
        }
        return publish(slot, record, route, envelope, batch);
    }

    private Outcome bound(TopicBinding binding, int slot, ConsumerRecord<String, byte[]> record, DeliveryBatch batch) {
        EventEnvelope<?> envelope;
        try {
            envelope = binding.event(record.partition(), record.offset(), record.timestamp(), record.value());
        } catch (IllegalArgumentException e) {
            deadLetters.park(record, "binding " + binding.name() + " (" + binding.eventType() + "): " + e.getMessage());
            return skipped(slot, record.offset(), Outcome.DEAD_LETTERED);
        }
        EventMetadata metadata = envelope.metadata();
        Optional<Route> route = router.route(metadata.eventType(), metadata.tenantId(), metadata.userId());
        if (route.isEmpty()) {
            return skipped(slot, record.offset(), Outcome.UNROUTED);
        }
        return publish(slot, record, route.get(), envelope, batch);
    }

    private Outcome publish(int slot, ConsumerRecord<String, byte[]> record, Route route, EventEnvelope<?> envelope,
            DeliveryBatch batch) {
        return switch (fanOut.publish(slot, record.offset(), record.timestamp(), route, envelope, batch)) {
            case DELIVERED -> Outcome.DELIVERED;
            case BUFFERED -> Outcome.BUFFERED;
            case NO_AUDIENCE -> Outcome.NO_AUDIENCE;
        };
    }

    /** A record that goes to no one still moves the position past it. */
    private Outcome skipped(int slot, long offset, Outcome outcome) {
        fanOut.passed(slot, offset);
        return outcome;
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
        DEAD_LETTERED("dead_lettered"),
        FAILED("failed");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }
}
