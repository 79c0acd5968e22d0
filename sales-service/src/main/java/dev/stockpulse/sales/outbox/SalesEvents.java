package dev.stockpulse.sales.outbox;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.outbox.OutboxWriter;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;

/**
 * Builds sales-service's events and appends them to the outbox in the caller's transaction: they reach
 * {@code sales-events} after the commit, and never for a change that rolled back.
 */
@ApplicationScoped
public class SalesEvents {

    public static final String SOURCE = "sales-service";

    private final OutboxWriter outbox;
    private final AtomicLong appended = new AtomicLong();

    public SalesEvents(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    /**
     * @param userId      metadata {@code user_id}: the buyer of an order, the person behind an alert transition; may be null
     * @param aggregateId the product (alerts) or order the Kafka key names
     */
    public <P> Uni<EventEnvelope<P>> publish(EventType type, Cause cause, Priority priority, String userId, P payload,
            String aggregateId) {
        EventMetadata metadata = EventMetadata.create(type, SOURCE, cause.tenantId(), cause.correlationId(), priority);
        if (cause.causationId() != null) {
            metadata = metadata.withCausationId(cause.causationId());
        }
        if (userId != null) {
            metadata = metadata.withUserId(userId);
        }
        EventEnvelope<P> envelope = new EventEnvelope<>(metadata, payload);
        return outbox.append(envelope, aggregateId).invoke(appended::incrementAndGet).replaceWith(envelope);
    }

    /**
     * How many events this instance has appended, rolled-back ones included. A caller that reads it before and after
     * its transaction knows whether the relay may have something to publish; another transaction's event counted
     * meanwhile only costs one relay round more.
     */
    public long appended() {
        return appended.get();
    }
}
