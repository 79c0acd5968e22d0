package dev.stockpulse.sales.messaging;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventContractException;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.UnknownEventTypeException;
import dev.stockpulse.events.UnsupportedEventVersionException;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.sales.alert.service.AlertService;
import dev.stockpulse.sales.config.SalesConfig;

/**
 * Applies inventory-events effectively once: the event id is recorded in the transaction of its effects, so a
 * redelivery changes nothing. A record that breaks the contract is dead-lettered and the stream goes on; an event
 * of a type or major version this service does not know is skipped and counted; a transient failure (database
 * down) is retried with backoff and never skipped.
 */
@ApplicationScoped
public class InventoryEventsConsumer {

    private static final Logger LOG = Logger.getLogger(InventoryEventsConsumer.class);
    /** SQLSTATE classes that mean "try again later": connection, resources, operator intervention, rollback. */
    private static final Set<String> TRANSIENT_SQLSTATE_CLASSES = Set.of("08", "53", "57", "40");

    private final ProcessedEventRepository processed;
    private final AlertService alerts;
    private final DeadLetters deadLetters;
    private final SalesConfig config;
    private final MeterRegistry metrics;

    public InventoryEventsConsumer(ProcessedEventRepository processed, AlertService alerts, DeadLetters deadLetters,
            SalesConfig config, MeterRegistry metrics) {
        this.processed = processed;
        this.alerts = alerts;
        this.deadLetters = deadLetters;
        this.config = config;
        this.metrics = metrics;
    }

    @Incoming("inventory-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        EventEnvelope<?> event;
        try {
            event = EventCodec.decode(record.value() == null ? "" : record.value());
        } catch (UnknownEventTypeException | UnsupportedEventVersionException e) {
            metrics.counter("stockpulse.consumer.skipped", "topic", record.topic(), "reason", e.getClass().getSimpleName())
                    .increment();
            return Uni.createFrom().voidItem();
        } catch (EventContractException e) {
            return deadLetter(record, e.getMessage());
        }
        EventEnvelope<?> decoded = event;
        return applyOnce(decoded)
                .onFailure(InventoryEventsConsumer::isTransient)
                .invoke(failure -> LOG.warnf("Transient failure on event %s of tenant %s, retrying: %s",
                        decoded.metadata().eventId(), decoded.metadata().tenantId(), failure.getMessage()))
                .onFailure(InventoryEventsConsumer::isTransient)
                .retry().withBackOff(config.consumer().retryInitialBackoff(), config.consumer().retryMaxBackoff())
                .indefinitely()
                .onFailure().recoverWithUni(failure -> deadLetter(record, "processing failed: " + failure));
    }

    private Uni<Void> applyOnce(EventEnvelope<?> event) {
        return Panache.withTransaction(() -> processed
                .markProcessed(event.metadata().eventId(), event.metadata().eventType(), event.metadata().tenantId())
                .flatMap(first -> first ? handle(event) : duplicate(event)));
    }

    @SuppressWarnings("unchecked")
    private Uni<Void> handle(EventEnvelope<?> event) {
        EventType type = EventType.fromWire(event.metadata().eventType()).orElseThrow();
        LOG.debugf("Applying %s event_id=%s tenant_id=%s", type.wireName(), event.metadata().eventId(),
                event.metadata().tenantId());
        return switch (type) {
            case LOW_STOCK -> alerts.onLowStock((EventEnvelope<LowStockPayload>) event).replaceWithVoid();
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> duplicate(EventEnvelope<?> event) {
        metrics.counter("stockpulse.consumer.duplicates", "topic", "inventory-events").increment();
        LOG.debugf("Duplicate event_id=%s tenant_id=%s ignored", event.metadata().eventId(), event.metadata().tenantId());
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, String reason) {
        metrics.counter("stockpulse.consumer.dead_lettered", "topic", record.topic()).increment();
        return deadLetters.park(record, reason);
    }

    /** Database unreachable or overloaded: worth waiting for. A constraint or SQL error is not. */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && state.length() >= 2 && TRANSIENT_SQLSTATE_CLASSES.contains(state.substring(0, 2));
            }
        }
        return !(failure instanceof IllegalArgumentException || failure instanceof ClassCastException
                || failure instanceof NullPointerException);
    }
}
