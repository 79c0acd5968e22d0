package dev.stockpulse.commons.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

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
 *
 * <p>A consumer may also take the records of one poll together ({@link #consumeBatch}): each is decoded as above, and
 * the events are applied in one go, in the records' order; a batch that fails for good is applied again one event at a
 * time, so that only the event that cannot be applied is dead-lettered.
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
        return Uni.createFrom().deferred(() -> decode(record).flatMap(event -> {
            if (event == null) {
                return Uni.createFrom().voidItem();
            }
            EventLogContext.enter(event.metadata());
            return applyOrDeadLetter(record, event, apply);
        })).onTermination().invoke(EventLogContext::leave);
    }

    /** An event decoded from its record, with the trace context the connector made for that record. */
    public record Inbound(ConsumerRecord<String, String> record, EventEnvelope<?> event, Context trace) {

        /**
         * Runs {@code work} as the event's own: its ids in the logging context and its trace current, so what it
         * logs and the events it causes name this event, as they would if it had been consumed alone.
         */
        public <T> Uni<T> within(Supplier<Uni<T>> work) {
            return Uni.createFrom().deferred(() -> {
                EventLogContext.enter(event.metadata());
                Scope scope = trace.makeCurrent();
                return work.get().onTermination().invoke(() -> {
                    scope.close();
                    EventLogContext.leave();
                });
            });
        }
    }

    /**
     * The records of one poll. Each is decoded as {@link #consume} does (a contract breach dead-lettered, an unknown
     * type skipped); the events are handed to {@code apply} together, in the records' order, and retried together
     * while the failure can heal. When it cannot, {@code apply} is called again with one event at a time, each
     * retried or dead-lettered on its own as {@link #consume} does, so one poison record does not hold up the others.
     */
    public Uni<Void> consumeBatch(KafkaRecordBatch<String, String> batch, Function<List<Inbound>, Uni<Void>> apply) {
        return Multi.createFrom().iterable(batch.getRecords())
                .onItem().transformToUniAndConcatenate(this::inbound)
                .collect().in(ArrayList<Inbound>::new, (events, event) -> {
                    if (event.event() != null) {
                        events.add(event);
                    }
                })
                .flatMap(events -> events.isEmpty() ? Uni.createFrom().voidItem() : applyTogether(events, apply));
    }

    private Uni<Inbound> inbound(KafkaRecord<String, String> message) {
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, String>) metadata.getRecord()).orElseThrow();
        Context trace = TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext)
                .orElseGet(Context::current);
        return decode(record).map(event -> new Inbound(record, event, trace))
                .onTermination().invoke(EventLogContext::leave);
    }

    private Uni<Void> applyTogether(List<Inbound> events, Function<List<Inbound>, Uni<Void>> apply) {
        if (events.size() == 1) {
            Inbound only = events.get(0);
            return applyOrDeadLetter(only.record(), only.event(), event -> apply.apply(events));
        }
        return Uni.createFrom().deferred(() -> apply.apply(events))
                .onFailure(ConsumerFailures::isTransient)
                .invoke(failure -> LOG.warnf("Transient failure on a batch of %d events, retrying: %s", events.size(),
                        failure.getMessage()))
                .onFailure(ConsumerFailures::isTransient)
                .retry().withBackOff(initialBackoff, maxBackoff).indefinitely()
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("A batch of %d events failed for good (%s); applying them one at a time", events.size(),
                            ConsumerFailures.reason(failure));
                    return Multi.createFrom().iterable(events)
                            .onItem().transformToUniAndConcatenate(one -> applyTogether(List.of(one), apply))
                            .collect().last().replaceWithVoid();
                });
    }

    /** The record's event, or null when it was skipped or dead-lettered (its ids then in the logging context). */
    private Uni<EventEnvelope<?>> decode(ConsumerRecord<String, String> record) {
        try {
            return Uni.createFrom().item(EventCodec.decode(record.value() == null ? "" : record.value()));
        } catch (UnknownEventTypeException | UnsupportedEventVersionException e) {
            // A body this service cannot read: what the headers say is all the log can name.
            EventLogContext.enter(record.headers());
            metrics.counter("stockpulse.consumer.skipped", "topic", record.topic(), "reason", e.getClass().getSimpleName())
                    .increment();
            LOG.debugf("Skipped %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            return Uni.createFrom().nullItem();
        } catch (EventContractException e) {
            EventLogContext.enter(record.headers());
            return deadLetter(record, e.getMessage()).replaceWith((EventEnvelope<?>) null);
        }
    }

    private Uni<Void> applyOrDeadLetter(ConsumerRecord<String, String> record, EventEnvelope<?> event,
            Function<EventEnvelope<?>, Uni<Void>> apply) {
        return Uni.createFrom().deferred(() -> apply.apply(event))
                .onFailure(ConsumerFailures::isTransient)
                .invoke(failure -> LOG.warnf("Transient failure on event_id=%s tenant_id=%s, retrying: %s",
                        event.metadata().eventId(), event.metadata().tenantId(), failure.getMessage()))
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
