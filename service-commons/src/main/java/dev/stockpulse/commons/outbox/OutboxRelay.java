package dev.stockpulse.commons.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.stockpulse.events.EventHeaders;

/**
 * Publishes {@code outbox_event} rows to Kafka in id order and marks them sent. A committed change wakes the relay at
 * once ({@link #signal()}); the service's scheduled poll is only the safety net after a failure or a restart.
 *
 * <p>One relay round runs in one database transaction holding a transaction-level advisory lock, so across any
 * number of service instances only one relays at a time and per-key order survives. A crash after publishing but
 * before marking sent re-publishes those rows: duplicates keep their event_id, and consumers drop them.
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming the outbox relay's advisory lock. */
    private static final long RELAY_LOCK = 0x5354_4f43_4b5fL;

    /** W3C trace context header; the outbox channel's own tracing is off, so this is the only one on the record. */
    public static final String TRACEPARENT = "traceparent";

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final Timer relayLag;
    private final Counter published;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();

    /**
     * @param emitter the service's outgoing Kafka channel; each row names its own topic, key and headers
     * @param batchSize rows published per round
     */
    public OutboxRelay(Pool pool, MutinyEmitter<String> emitter, int batchSize, MeterRegistry metrics) {
        this.pool = pool;
        this.emitter = emitter;
        this.batchSize = batchSize;
        this.relayLag = Timer.builder("stockpulse.outbox.relay.lag")
                .description("Time from a change's commit to its event's acknowledgement by Kafka")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.published = Counter.builder("stockpulse.outbox.published")
                .description("Outbox events published to Kafka").register(metrics);
    }

    /** Asks for a relay round; cheap and safe to call from anywhere, any number of times. */
    public void signal() {
        pending.set(true);
        drain();
    }

    private void drain() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        pending.set(false);
        relayBatch().subscribe().with(
                count -> {
                    running.set(false);
                    if (count >= batchSize || pending.get()) {
                        drain();
                    }
                },
                failure -> {
                    running.set(false);
                    LOG.warnf("Outbox relay round failed, rows stay unsent and are retried: %s", failure.getMessage());
                });
    }

    Uni<Integer> relayBatch() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(RELAY_LOCK))
                .flatMap(locked -> locked.iterator().next().getBoolean(0) ? publishUnsent(connection) : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishUnsent(SqlConnection connection) {
        return connection.preparedQuery("""
                SELECT id, event_id, tenant_id, event_type, topic, record_key, priority, payload, traceparent, created_at
                FROM outbox_event WHERE sent_at IS NULL ORDER BY id LIMIT $1""")
                .execute(Tuple.of(batchSize))
                .flatMap(rows -> {
                    List<Long> ids = new ArrayList<>();
                    List<Uni<Void>> sends = new ArrayList<>();
                    List<Instant> created = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getLong("id"));
                        created.add(row.getOffsetDateTime("created_at").toInstant());
                        sends.add(send(row));
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    // All sends are handed to the producer in id order before any is awaited; the idempotent
                    // producer keeps that order per partition even when it retries.
                    return Uni.join().all(sends).andFailFast()
                            .ifNoItem().after(Duration.ofSeconds(30)).failWith(() -> new IllegalStateException("Kafka did not acknowledge in 30 s"))
                            .flatMap(acked -> connection
                                    .preparedQuery("UPDATE outbox_event SET sent_at = now() WHERE id = ANY($1)")
                                    .execute(Tuple.of(ids.toArray(new Long[0]))))
                            .map(updated -> {
                                Instant now = Instant.now();
                                created.forEach(c -> relayLag.record(Duration.between(c, now)));
                                published.increment(ids.size());
                                return ids.size();
                            });
                });
    }

    private Uni<Void> send(Row row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.EVENT_ID, bytes(row.getUUID("event_id").toString()));
        headers.add(EventHeaders.EVENT_TYPE, bytes(row.getString("event_type")));
        headers.add(EventHeaders.TENANT_ID, bytes(row.getString("tenant_id")));
        headers.add(EventHeaders.PRIORITY, bytes(row.getString("priority")));
        String traceparent = row.getString("traceparent");
        if (traceparent != null) {
            // The trace of the change, not of this relay round: the consumers' spans join the request's trace.
            headers.add(TRACEPARENT, bytes(traceparent));
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("record_key"))
                .withHeaders(headers)
                .build();
        // sendMessage subscribes to the acknowledgement; the Uni completes when Kafka has the record (acks=all).
        return emitter.sendMessage(Message.of(row.getString("payload")).addMetadata(metadata));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
