package dev.stockpulse.commons.messaging;

import java.time.Duration;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.logging.EventLogContext;
import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventContractException;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.UnknownEventTypeException;
import dev.stockpulse.events.UnsupportedEventVersionException;

/**
 * How a StockPulse consumer treats a record: decode it against the contract; dead-letter it (with the reason) if it
 * breaks the contract; skip and count an event type or major version this service does not read; apply it, retry a
 * failure that can heal (database unreachable, deadlock) with backoff until it succeeds, and dead-letter one that
 * cannot (a value too long for its column, a constraint violated) with the SQLSTATE and the database's words, so
 * the records behind it on its partition go on ({@link ConsumerFailures}).
 */
public final class ResilientConsumer {

    private static final Logger LOG = Logger.getLogger(ResilientConsumer.class);

    private final DeadLetters deadLetters;
    private final MeterRegistry metrics;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public ResilientConsumer(DeadLetters deadLetters, MeterRegistry metrics, ConsumerRetryConfig retry) {
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.initialBackoff = retry.retryInitialBackoff();
        this.maxBackoff = retry.retryMaxBackoff();
    }

    public Uni<Void> consume(ConsumerRecord<String, String> record, Function<EventEnvelope<?>, Uni<Void>> apply) {
        return Uni.createFrom().deferred(() -> handle(record, apply)).onTermination().invoke(EventLogContext::leave);
    }

    private Uni<Void> handle(ConsumerRecord<String, String> record, Function<EventEnvelope<?>, Uni<Void>> apply) {
        EventEnvelope<?> event;
        try {
            event = EventCodec.decode(record.value() == null ? "" : record.value());
        } catch (UnknownEventTypeException | UnsupportedEventVersionException e) {
            // A body this service cannot read: what the headers say is all the log can name.
            EventLogContext.enter(record.headers());
            metrics.counter("stockpulse.consumer.skipped", "topic", record.topic(), "reason", e.getClass().getSimpleName())
                    .increment();
            LOG.debugf("Skipped %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            return Uni.createFrom().voidItem();
        } catch (EventContractException e) {
            EventLogContext.enter(record.headers());
            return deadLetter(record, e.getMessage());
        }
        EventEnvelope<?> decoded = event;
        EventLogContext.enter(decoded.metadata());
        return Uni.createFrom().deferred(() -> apply.apply(decoded))
                .onFailure(ConsumerFailures::isTransient)
                .invoke(failure -> LOG.warnf("Transient failure on event_id=%s tenant_id=%s, retrying: %s",
                        decoded.metadata().eventId(), decoded.metadata().tenantId(), failure.getMessage()))
                .onFailure(ConsumerFailures::isTransient)
                .retry().withBackOff(initialBackoff, maxBackoff).indefinitely()
                .onFailure().recoverWithUni(failure -> deadLetter(record, ConsumerFailures.reason(failure)));
    }

    /** Counts a redelivered event whose effects are already committed. */
    public void duplicate(EventEnvelope<?> event, String topic) {
        metrics.counter("stockpulse.consumer.duplicates", "topic", topic).increment();
        LOG.debugf("Duplicate event_id=%s tenant_id=%s ignored", event.metadata().eventId(), event.metadata().tenantId());
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, String reason) {
        metrics.counter("stockpulse.consumer.dead_lettered", "topic", record.topic()).increment();
        return deadLetters.park(record, reason);
    }
}
