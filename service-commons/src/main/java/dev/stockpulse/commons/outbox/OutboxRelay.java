package dev.stockpulse.commons.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * before marking sent re-publishes those rows: duplicates keep their event_id, and consumers drop them. The rounds
 * run on a connection of the relay's own ({@link RelayPoolCreator}), never queued behind the service's requests;
 * when it breaks (a database restart), the next round connects again.
 *
 * <p>Each row's outcome is its own. Different keys are sent side by side; one key's rows are sent one after the
 * other, each once Kafka has acknowledged the one before, so a failed row is never overtaken by a later row of its
 * key. Rows Kafka accepted are marked sent whatever happened to the others. A failed row holds its key: later rounds
 * send it again first and nothing behind it until it is accepted. A row that can never be accepted as it is
 * ({@link SendFailure#PERMANENT}, or {@link SendFailure#UNKNOWN} too many times) is parked: kept, logged, counted,
 * and still holding its key, because consumers build state from each key's events in order; an operator replays it
 * after the fix ({@link ParkedEvents}).
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming the outbox relay's advisory lock. */
    static final long RELAY_LOCK = 0x5354_4f43_4b5fL;
    /**
     * Longest wait for one acknowledgement; above the producers' delivery.timeout.ms (20 s), so the producer has given
     * up on the record before the relay treats it as failed and a later round sends it again.
     */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    /** W3C trace context header; the outbox channel's own tracing is off, so this is the only one on the record. */
    public static final String TRACEPARENT = "traceparent";

    private final CompletionStage<Pool> pool;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final int parkAfterAttempts;
    private final Timer relayLag;
    private final Counter published;
    private final Counter failedSends;
    private final Counter parked;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean stopped;
    /** Completes when the round in progress ends; stopping waits for it. */
    private volatile CompletableFuture<Void> round = CompletableFuture.completedFuture(null);

    /**
     * @param pool the relay's own pool of one connection, available once the datasource is started
     * @param emitter the service's outgoing Kafka channel; each row names its own topic, key and headers
     */
    public OutboxRelay(CompletionStage<Pool> pool, MutinyEmitter<String> emitter, OutboxConfig config,
            MeterRegistry metrics) {
        this.pool = pool;
        this.emitter = emitter;
        this.batchSize = config.batchSize();
        this.parkAfterAttempts = config.parkAfterAttempts();
        // Buckets as well as the two percentiles: Micrometer computes percentiles over its last two minutes and per
        // instance, while buckets sum across instances and give any window's distribution from two scrapes.
        this.relayLag = Timer.builder("stockpulse.outbox.relay.lag")
                .description("Time from a change's outbox insert, just before its commit, to its event's"
                        + " acknowledgement by Kafka")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(metrics);
        this.published = Counter.builder("stockpulse.outbox.published")
                .description("Outbox events published to Kafka").register(metrics);
        this.failedSends = Counter.builder("stockpulse.outbox.send.failures")
                .description("Sends of outbox events that Kafka did not accept (each is retried or parked)")
                .register(metrics);
        this.parked = Counter.builder("stockpulse.outbox.parked")
                .description("Outbox events parked because Kafka can never accept them as they are")
                .register(metrics);
    }

    /** Asks for a relay round; cheap and safe to call from anywhere, any number of times. */
    public void signal() {
        pending.set(true);
        drain();
    }

    /**
     * Starts no more rounds, and completes when the round in progress (if any) has ended, so that what it sent is
     * marked sent before the relay's connection closes. Rows left unsent are another instance's, or the next start's.
     */
    public CompletionStage<Void> stop() {
        stopped = true;
        return round;
    }

    private void drain() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> thisRound = new CompletableFuture<>();
        // Published before stopped is read, and stop() sets stopped before reading it: either this round sees the
        // stop, or the stop waits for this round.
        round = thisRound;
        if (stopped) {
            running.set(false);
            thisRound.complete(null);
            return;
        }
        pending.set(false);
        relayBatch().subscribe().with(
                moreReady -> {
                    running.set(false);
                    thisRound.complete(null);
                    if (moreReady || pending.get()) {
                        drain();
                    }
                },
                failure -> {
                    running.set(false);
                    thisRound.complete(null);
                    LOG.warnf("Outbox relay round failed, rows stay unsent and are retried: %s", failure.getMessage());
                });
    }

    /** One round; answers whether more rows may be ready right away (a full batch, or a held key was freed). */
    Uni<Boolean> relayBatch() {
        // A stage of its own per round: Mutiny cancels the stage of a cancelled subscription, and the pool's arrival
        // must stay there for every later round.
        return Uni.createFrom().completionStage(pool.thenApply(relayPool -> relayPool))
                .flatMap(relayPool -> relayPool.withTransaction(connection -> connection
                        .preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(RELAY_LOCK))
                        .flatMap(locked -> locked.iterator().next().getBoolean(0) ? publishUnsent(connection)
                                : Uni.createFrom().item(false))));
    }

    private record Outcome(Row row, Throwable failure) {
        boolean accepted() {
            return failure == null;
        }
    }

    private Uni<Boolean> publishUnsent(SqlConnection connection) {
        // A row behind a failed or parked row of its key is not taken: it could not be sent this round anyway, and
        // taking it would let one held key fill every batch while other keys wait.
        return connection.preparedQuery("""
                SELECT id, event_id, tenant_id, event_type, topic, record_key, priority, payload, traceparent, created_at,
                       attempts
                FROM outbox_event o
                WHERE sent_at IS NULL AND parked_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM outbox_event h
                                  WHERE h.record_key = o.record_key AND h.id < o.id
                                    AND h.sent_at IS NULL AND (h.parked_at IS NOT NULL OR h.attempts > 0))
                ORDER BY id LIMIT $1""")
                .execute(Tuple.of(batchSize))
                .flatMap(rows -> {
                    Map<String, List<Row>> byKey = new LinkedHashMap<>();
                    int selected = 0;
                    for (Row row : rows) {
                        byKey.computeIfAbsent(row.getString("record_key"), k -> new ArrayList<>()).add(row);
                        selected++;
                    }
                    if (selected == 0) {
                        return Uni.createFrom().item(false);
                    }
                    boolean fullBatch = selected >= batchSize;
                    List<Uni<List<Outcome>>> keys = byKey.values().stream().map(this::sendInOrder).toList();
                    return Uni.join().all(keys).andFailFast()
                            .flatMap(perKey -> record(connection, perKey.stream().flatMap(List::stream).toList(), fullBatch));
                });
    }

    /** Sends one key's rows one at a time; stops at the first failure, so nothing of the key overtakes it. */
    private Uni<List<Outcome>> sendInOrder(List<Row> rows) {
        Uni<List<Outcome>> chain = Uni.createFrom().item(ArrayList::new);
        for (Row row : rows) {
            chain = chain.flatMap(outcomes -> {
                if (!outcomes.isEmpty() && !outcomes.get(outcomes.size() - 1).accepted()) {
                    return Uni.createFrom().item(outcomes);
                }
                return Uni.createFrom().deferred(() -> send(row))
                        .ifNoItem().after(SEND_TIMEOUT).fail()
                        .map(ack -> new Outcome(row, null))
                        .onFailure().recoverWithItem(failure -> new Outcome(row, failure))
                        .map(outcome -> {
                            outcomes.add(outcome);
                            return outcomes;
                        });
            });
        }
        return chain;
    }

    private Uni<Boolean> record(SqlConnection connection, List<Outcome> outcomes, boolean fullBatch) {
        List<Long> sent = new ArrayList<>();
        List<Tuple> failed = new ArrayList<>();
        List<Outcome> parking = new ArrayList<>();
        boolean freedHeldKey = false;
        for (Outcome outcome : outcomes) {
            Row row = outcome.row();
            if (outcome.accepted()) {
                sent.add(row.getLong("id"));
                freedHeldKey |= row.getInteger("attempts") > 0;
                continue;
            }
            SendFailure kind = SendFailure.of(outcome.failure());
            int attempts = row.getInteger("attempts") + 1;
            boolean park = kind == SendFailure.PERMANENT || kind == SendFailure.UNKNOWN && attempts >= parkAfterAttempts;
            failed.add(Tuple.of(row.getLong("id"), SendFailure.reason(outcome.failure()), park));
            if (park) {
                parking.add(outcome);
            } else {
                LOG.warnf("Outbox event %s (tenant %s, key %s, topic %s) not accepted by Kafka, attempt %d, %s failure,"
                        + " its key waits and it is retried: %s", row.getUUID("event_id"), row.getString("tenant_id"),
                        row.getString("record_key"), row.getString("topic"), attempts, kind, SendFailure.reason(outcome.failure()));
            }
        }
        Uni<Void> markSent = sent.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery("UPDATE outbox_event SET sent_at = now() WHERE id = ANY($1)")
                        .execute(Tuple.of(sent.toArray(new Long[0]))).replaceWithVoid();
        Uni<Void> markFailed = failed.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery("""
                        UPDATE outbox_event SET attempts = attempts + 1, last_error = $2,
                                                parked_at = CASE WHEN $3 THEN now() END
                        WHERE id = $1""").executeBatch(failed).replaceWithVoid();
        boolean moreReady = !sent.isEmpty() && (fullBatch || freedHeldKey);
        return markSent.flatMap(v -> markFailed).map(v -> {
            Instant now = Instant.now();
            outcomes.stream().filter(Outcome::accepted)
                    .forEach(o -> relayLag.record(Duration.between(o.row().getOffsetDateTime("created_at").toInstant(), now)));
            published.increment(sent.size());
            failedSends.increment(failed.size());
            parked.increment(parking.size());
            parking.forEach(OutboxRelay::logParked);
            return moreReady;
        });
    }

    private static void logParked(Outcome outcome) {
        Row row = outcome.row();
        UUID eventId = row.getUUID("event_id");
        LOG.errorf("Outbox event parked, kept unsent until an operator replays it; later events of its key wait behind"
                + " it: event_id=%s tenant_id=%s event_type=%s key=%s topic=%s attempts=%d reason=%s", eventId,
                row.getString("tenant_id"), row.getString("event_type"), row.getString("record_key"),
                row.getString("topic"), row.getInteger("attempts") + 1, SendFailure.reason(outcome.failure()));
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
