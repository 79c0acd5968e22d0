package dev.stockpulse.gateway.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventContractException;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.UnknownEventTypeException;
import dev.stockpulse.events.UnsupportedEventVersionException;
import dev.stockpulse.events.sales.OrderPayload;
import dev.stockpulse.gateway.room.Channel;
import dev.stockpulse.gateway.room.ConnectionRegistry;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Turns one Kafka record into one event frame for the connections that should see it. Never throws: one bad record
 * must not stop the stream every client depends on.
 */
@ApplicationScoped
public class EventFanOut {

    private static final Logger LOG = Logger.getLogger(EventFanOut.class);

    private final EventRouter router;
    private final ConnectionRegistry connections;
    private final MeterRegistry meters;

    public EventFanOut(EventRouter router, ConnectionRegistry connections, MeterRegistry meters) {
        this.router = router;
        this.connections = connections;
        this.meters = meters;
    }

    public void accept(ConsumerRecord<String, byte[]> record) {
        try {
            count(handle(record));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Event at %s:%d:%d could not be delivered", record.topic(), record.partition(), record.offset());
            count(Outcome.FAILED);
        }
    }

    private Outcome handle(ConsumerRecord<String, byte[]> record) {
        String headerType = header(record, EventHeaders.EVENT_TYPE);
        String headerTenant = header(record, EventHeaders.TENANT_ID);
        // The headers repeat type and tenant so that the common case (nobody here listens) costs no parsing.
        // Without them the body decides.
        if (headerType != null && headerTenant != null) {
            Optional<Channel> channel = router.channelOf(headerType);
            if (channel.isEmpty()) {
                return Outcome.UNROUTED;
            }
            if (!connections.hasAudience(headerTenant, channel.get())) {
                return Outcome.NO_AUDIENCE;
            }
        }

        EventEnvelope<?> envelope;
        try {
            envelope = EventCodec.decode(record.value());
        } catch (UnknownEventTypeException | UnsupportedEventVersionException e) {
            LOG.debugf("Skipped %s:%d:%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            return Outcome.UNSUPPORTED;
        } catch (EventContractException e) {
            // Dead-lettering is the job of the services that own the topic; every gateway instance reads every
            // record, so a gateway dead-letter would be copied once per instance.
            LOG.warnf("Skipped %s:%d:%d, it breaks the event contract: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return Outcome.INVALID;
        }

        EventMetadata metadata = envelope.metadata();
        if (headerTenant != null && !headerTenant.equals(metadata.tenantId())) {
            LOG.warnf("Skipped %s:%d:%d: header tenant_id '%s' differs from the body's '%s'", record.topic(),
                    record.partition(), record.offset(), headerTenant, metadata.tenantId());
            return Outcome.INVALID;
        }
        Optional<Route> route = router.route(metadata.eventType(), metadata.tenantId(), addressee(envelope));
        if (route.isEmpty()) {
            return Outcome.UNROUTED;
        }
        String frame = EventFrame.encode(route.get(),
                new EventPosition(record.topic(), record.partition(), record.offset()), envelope);
        int recipients = connections.deliver(route.get().rooms(), route.get().channel(), frame);
        return recipients > 0 ? Outcome.DELIVERED : Outcome.NO_AUDIENCE;
    }

    /** An order's buyer is its addressee even when a producer left the metadata's user_id out. */
    private static String addressee(EventEnvelope<?> envelope) {
        String userId = envelope.metadata().userId();
        if (userId == null && envelope.payload() instanceof OrderPayload order) {
            return order.userId();
        }
        return userId;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void count(Outcome outcome) {
        meters.counter("gateway.events", "outcome", outcome.tag).increment();
    }

    private enum Outcome {
        DELIVERED("delivered"),
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
