package dev.stockpulse.commons.testapp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

import dev.stockpulse.commons.messaging.DeadLetters;
import dev.stockpulse.commons.messaging.ResilientConsumer;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.inventory.ProductDeletedPayload;

/**
 * A consumer built the way the services build theirs: a {@link ResilientConsumer} in front of a change made in a
 * Hibernate Reactive transaction, so every failure it meets comes from the real database, wrapped as the services
 * see it. Each {@code inventory.product.deleted} event becomes one {@link LedgerEntry}: a product seen twice violates
 * a unique constraint, a SKU over 16 characters is too long for its column, and the insert gives up on a lock held
 * longer than 300 ms. A product id starting with {@code -} stands for what a service refuses in code.
 */
@ApplicationScoped
public class LedgerConsumer {

    private final ResilientConsumer consumer;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    public LedgerConsumer(@Channel("dead-letters") MutinyEmitter<String> deadLetters, MeterRegistry metrics,
            LedgerConfig config) {
        this.consumer = new ResilientConsumer(new DeadLetters(deadLetters), metrics, config.consumer());
    }

    @Incoming("ledger-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return consumer.consume(record, this::apply);
    }

    /** How many times the event was applied or tried, retries included. */
    public int attempts(String eventId) {
        return attempts.getOrDefault(eventId, 0);
    }

    private Uni<Void> apply(EventEnvelope<?> event) {
        attempts.merge(event.metadata().eventId(), 1, Integer::sum);
        ProductDeletedPayload payload = (ProductDeletedPayload) event.payload();
        if (payload.productId().startsWith("-")) {
            throw new IllegalArgumentException("product_id must not start with '-'");
        }
        LedgerEntry entry = new LedgerEntry();
        entry.eventId = event.metadata().eventId();
        entry.productId = payload.productId();
        entry.sku = payload.sku();
        return Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery("SELECT set_config('lock_timeout', '300ms', true)")
                        .getSingleResult())
                .flatMap(ignored -> entry.persistAndFlush()))
                .replaceWithVoid();
    }
}
