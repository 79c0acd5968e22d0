package dev.stockpulse.commons.messaging;

import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

import dev.stockpulse.commons.logging.EventLogContext;
import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventContractException;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.UnknownEventTypeException;
import dev.stockpulse.events.UnsupportedEventVersionException;

/**
 * How a StockPulse consumer treats a record: decode it against the contract; dead-letter it (with the reason) if it
 * breaks the contract; skip and count an event type or major version this service does not read; apply it, and
 * retry a transient failure (database unreachable) with backoff until it succeeds, never skipping the record.
 */
public final class ResilientConsumer {

    private static final Logger LOG = Logger.getLogger(ResilientConsumer.class);
    /** SQLSTATE classes that mean "try again later": connection, resources, operator intervention, rollback. */
    private static final Set<String> TRANSIENT_SQLSTATE_CLASSES = Set.of("08", "53", "57", "40");

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
                .onFailure(ResilientConsumer::isTransient)
                .invoke(failure -> LOG.warnf("Transient failure on event_id=%s tenant_id=%s, retrying: %s",
                        decoded.metadata().eventId(), decoded.metadata().tenantId(), failure.getMessage()))
                .onFailure(ResilientConsumer::isTransient)
                .retry().withBackOff(initialBackoff, maxBackoff).indefinitely()
                .onFailure().recoverWithUni(failure -> deadLetter(record, "processing failed: " + failure));
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

    /** Database unreachable or overloaded is worth waiting for; a constraint, SQL or programming error is not. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && state.length() >= 2 && TRANSIENT_SQLSTATE_CLASSES.contains(state.substring(0, 2));
            }
        }
        return !(failure instanceof IllegalArgumentException || failure instanceof IllegalStateException
                || failure instanceof ClassCastException || failure instanceof NullPointerException
                || failure instanceof ProblemException);
    }
}
