package dev.stockpulse.gateway.core.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.runtime.StartupEvent;

import dev.stockpulse.gateway.core.config.GatewayConfig;
import dev.stockpulse.gateway.core.delivery.DeliveryBatch;
import dev.stockpulse.gateway.core.room.RoomFanOut;

/**
 * Reads every partition of both event topics ({@code inventory-events}, {@code sales-events}) on one dedicated
 * thread. Every gateway instance must see every event (its clients may be anywhere), so partitions are assigned,
 * not balanced in a consumer group, and no offsets are committed.
 *
 * <p>On start it first rebuilds the recovery buffers: each partition is read from the first record of the recovery
 * window (by timestamp) up to the end it had when the gateway started, and the records are handed on in the order they
 * were written across partitions ({@link RebuildOrder}); only then do records go to clients and does readiness turn
 * UP. A dedicated thread, because the Kafka consumer's poll blocks; handling a record never waits for
 * a client (frames go to per-connection outboxes). When the broker goes away the thread keeps polling, and delivery
 * resumes by itself when it returns.
 *
 * <p>A round of the loop that fails otherwise is logged and retried after a backoff. A consumer that has completed no
 * round for {@code gateway.kafka.stall-timeout}, or whose thread ended, is dead: {@link ConsumerLiveness} then reports
 * the gateway not live, so that it is restarted rather than stay up delivering nothing.
 */
@ApplicationScoped
public class KafkaEventsConsumer {

    private static final Logger LOG = Logger.getLogger(KafkaEventsConsumer.class);
    /**
     * How long a poll waits for records while nothing waits to be sent. Records end the wait at once, so only an idle
     * consumer feels it: it wakes this often (and at every empty fetch) to look at the metadata refresh.
     */
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    /** As {@link #IDLE_POLL} while the recovery buffers are rebuilt: readiness is checked after every poll. */
    private static final Duration REBUILD_POLL = Duration.ofMillis(100);
    private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long BURST_FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final int MAX_POLL_RECORDS = 2000;
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final EventIntake intake;
    private final RoomFanOut fanOut;
    private final DeliveryTrace trace;
    private final GatewayConfig config;
    private final Map<String, Object> kafkaDefaults;
    private final MeterRegistry meters;
    private final Map<TopicPartition, AtomicLong> lag = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    /** System.nanoTime() when the loop last completed a round, or a wait for the broker it knows to be normal. */
    private volatile long heartbeatNanos = System.nanoTime();
    /** The consumer thread ended while the gateway was not shutting down. */
    private volatile boolean ended;
    private volatile KafkaConsumer<String, byte[]> consumer;
    /** The record being handled, if any; only the consumer thread touches it. */
    private ConsumerRecord<String, byte[]> inHand;
    private Thread thread;

    public KafkaEventsConsumer(EventIntake intake, RoomFanOut fanOut, DeliveryTrace trace, GatewayConfig config,
            MeterRegistry meters, @Identifier("default-kafka-broker") Map<String, Object> kafkaDefaults) {
        this.intake = intake;
        this.fanOut = fanOut;
        this.trace = trace;
        this.config = config;
        this.meters = meters;
        this.kafkaDefaults = kafkaDefaults;
    }

    void onStart(@Observes StartupEvent event) {
        thread = new Thread(this::run, "gateway-kafka-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True once the recovery buffers are rebuilt and records go to clients. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    /**
     * False once the consumer thread has ended, or has completed no round for {@code gateway.kafka.stall-timeout}:
     * the gateway then delivers nothing and only a restart can help.
     */
    public boolean isAlive() {
        return !ended && System.nanoTime() - heartbeatNanos < config.kafka().stallTimeout().toNanos();
    }

    /** Seconds since the loop last completed a round. */
    public long secondsSinceLastRound() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - heartbeatNanos);
    }

    /** Records not yet read, per partition, as of the last measurement. */
    public Map<TopicPartition, Long> lag() {
        Map<TopicPartition, Long> copy = new HashMap<>();
        lag.forEach((partition, value) -> copy.put(partition, value.get()));
        return copy;
    }

    private void run() {
        try {
            consume();
        } catch (WakeupException stopping) {
            // shutdown
        } catch (RuntimeException e) {
            LOG.error("The Kafka consumer stopped; the gateway delivers nothing more and reports itself not live", e);
        } finally {
            ended = running;
        }
    }

    private void consume() {
        // Every kafka.* setting (bootstrap servers, and SASL/TLS in production) applies; no consumer group: each
        // instance assigns itself every partition, so every instance sees every event.
        Map<String, Object> properties = new HashMap<>(kafkaDefaults);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "realtime-gateway-" + ProcessHandle.current().pid());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // With fetch.min.bytes at 1 the broker answers a fetch as soon as a record arrives, whatever this says; it only
        // sets how often an idle consumer asks again. At 50 ms (and a poll every 100 ms) an idle gateway spent about
        // 1 % of a core on empty fetches. It stays below the request timeout (kafka.request.timeout.ms, 3 s).
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1000);
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
        // partitionsFor() answers from the consumer's metadata, which is otherwise refreshed every 5 minutes: partitions
        // added to a topic would wait that long to be read.
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) config.kafka().metadataRefresh().toMillis());
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            Map<TopicPartition, Long> rebuildEnd = assignAll(kafka);
            RebuildOrder rebuild = new RebuildOrder(rebuildEnd.keySet(), MAX_POLL_RECORDS);
            long nextRefresh = System.currentTimeMillis() + config.kafka().metadataRefresh().toMillis();
            DeliveryBatch batch = new DeliveryBatch(config.delivery().coalesceWindow().toNanos(),
                    config.delivery().coalesceMinRate());
            long backoff = FIRST_BACKOFF_MILLIS;
            Map<TopicPartition, Long> handledUpTo = new HashMap<>();
            while (running) {
                ConsumerRecords<String, byte[]> records = ConsumerRecords.empty();
                inHand = null;
                handledUpTo.clear();
                boolean rebuilding = !caughtUp;
                try {
                    records = poll(kafka, rebuilding ? REBUILD_POLL : pollTimeout(batch));
                    if (!rebuilding) {
                        long handedOff = System.nanoTime();
                        for (ConsumerRecord<String, byte[]> record : records) {
                            handle(record, batch);
                            handledUpTo.put(new TopicPartition(record.topic(), record.partition()),
                                    record.offset() + 1);
                            // Within one large poll, what is due goes out at least this often, so that the first
                            // events of a burst do not wait for the last ones to be routed.
                            long now = System.nanoTime();
                            if (now - handedOff >= BURST_FLUSH_NANOS) {
                                batch.submit(now);
                                handedOff = now;
                            }
                        }
                    } else {
                        rebuild.add(records);
                        rebuild.release(partition -> stillToRead(kafka, rebuildEnd, partition),
                                record -> handle(record, batch));
                        throttle(kafka, rebuild);
                        if (reached(kafka, rebuildEnd)) {
                            rebuild.drain(record -> handle(record, batch));
                            kafka.resume(kafka.paused());
                            fanOut.goLive();
                            caughtUp = true;
                            LOG.infof("Recovery buffers rebuilt (%d events); delivering live", fanOut.bufferedEvents());
                        }
                    }
                    batch.submit(System.nanoTime());
                    if (System.currentTimeMillis() >= nextRefresh) {
                        refresh(kafka);
                        nextRefresh = System.currentTimeMillis() + config.kafka().metadataRefresh().toMillis();
                    }
                    heartbeatNanos = System.nanoTime();
                    backoff = FIRST_BACKOFF_MILLIS;
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // One failed round must not end the stream every client depends on; what keeps failing shows as
                    // a consumer that completes no round, and liveness goes DOWN.
                    LOG.errorf(e, "A round of the Kafka consumer failed; retrying in %d ms", backoff);
                    if (!rebuilding) {
                        rewind(kafka, records, inHand, handledUpTo);
                    } else if (inHand != null) {
                        // The rebuild holds every record after it still; the next round goes on from there.
                        passedOver(inHand);
                    }
                    sleepQuietly(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                }
            }
        }
    }

    /** Routes one record; {@link #inHand} names it while it is handled, for the failure of a round. */
    private void handle(ConsumerRecord<String, byte[]> record, DeliveryBatch batch) {
        inHand = record;
        trace.deliver(record, fanOut.isLive(), () -> intake.accept(record, batch));
        inHand = null;
    }

    /** Whether the rebuild has records of {@code partition} left to read (partitions added later have none). */
    private static boolean stillToRead(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> ends,
            TopicPartition partition) {
        Long end = ends.get(partition);
        return end != null && kafka.position(partition) < end;
    }

    /** Stops fetching a partition the rebuild holds many records of, until it has handed most of them on. */
    private static void throttle(KafkaConsumer<String, byte[]> kafka, RebuildOrder rebuild) {
        Set<TopicPartition> paused = kafka.paused();
        Set<TopicPartition> resume = rebuild.toResume(paused);
        if (!resume.isEmpty()) {
            kafka.resume(resume);
        }
        Set<TopicPartition> pause = rebuild.toPause(paused);
        if (!pause.isEmpty()) {
            kafka.pause(pause);
        }
    }

    private static void passedOver(ConsumerRecord<String, byte[]> failed) {
        LOG.errorf("Passed over the record at %s:%d:%d, whose handling failed", failed.topic(), failed.partition(),
                failed.offset());
    }

    /**
     * Positions the partitions of a failed round's poll at their first record not yet handled, so that the rest of
     * the poll is read again rather than lost. The record whose handling threw is passed over (it is logged with the
     * round's failure): handled again it would throw again, and its partition would stall.
     */
    private static void rewind(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records,
            ConsumerRecord<String, byte[]> failed, Map<TopicPartition, Long> handledUpTo) {
        if (failed != null) {
            passedOver(failed);
            handledUpTo.put(new TopicPartition(failed.topic(), failed.partition()), failed.offset() + 1);
        }
        try {
            for (TopicPartition partition : records.partitions()) {
                long first = records.records(partition).get(0).offset();
                kafka.seek(partition, handledUpTo.getOrDefault(partition, first));
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not rewind the failed round's partitions: %s", e.getMessage());
        }
    }

    /** Waits for records at most until a held connection's events are due. */
    private static Duration pollTimeout(DeliveryBatch batch) {
        if (batch.isEmpty()) {
            return IDLE_POLL;
        }
        return Duration.ofNanos(Math.max(MIN_POLL_NANOS, batch.dueInNanos(System.nanoTime())));
    }

    private ConsumerRecords<String, byte[]> poll(KafkaConsumer<String, byte[]> kafka, Duration timeout) {
        try {
            return kafka.poll(timeout);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warnf("Kafka poll failed, retrying: %s", e.getMessage());
            return ConsumerRecords.empty();
        }
    }

    /**
     * Assigns every partition of the topics, positioned at the start of the recovery window, and returns the end
     * offsets the rebuild must reach. Retries until the broker answers: the gateway is not ready before.
     */
    private Map<TopicPartition, Long> assignAll(KafkaConsumer<String, byte[]> kafka) {
        while (running) {
            try {
                List<TopicPartition> partitions = partitions(kafka);
                if (partitions.isEmpty()) {
                    throw new KafkaException("no partitions yet for " + config.kafka().topics());
                }
                kafka.assign(partitions);
                Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
                seekToWindow(kafka, partitions, ends);
                LOG.infof("Reading %d partitions; rebuilding recovery buffers up to %s", partitions.size(), ends);
                return new HashMap<>(ends);
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                LOG.warnf("Kafka not available yet (%s); retrying", e.getMessage());
                heartbeatNanos = System.nanoTime();
                sleepQuietly(1000);
            }
        }
        throw new WakeupException();
    }

    private void seekToWindow(KafkaConsumer<String, byte[]> kafka, List<TopicPartition> partitions,
            Map<TopicPartition, Long> ends) {
        long since = System.currentTimeMillis() - config.recovery().window().toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, since));
        Map<TopicPartition, OffsetAndTimestamp> found = kafka.offsetsForTimes(query);
        Map<TopicPartition, Long> beginnings = kafka.beginningOffsets(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp start = found.get(partition);
            long offset = start != null ? start.offset() : ends.get(partition);
            // The records just before the window are read for their event ids only: a duplicate inside the window of
            // an event before it is then recognised as it was when it was first read (see RecentEventIds).
            long history = Math.max(beginnings.get(partition), offset - intake.dedupeSpan());
            kafka.seek(partition, history);
            intake.assigned(partition, offset);
            registerLag(partition);
        }
    }

    /** Every partition read up to the rebuild's end. */
    private static boolean reached(KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> ends) {
        return ends.keySet().stream().noneMatch(partition -> stillToRead(kafka, ends, partition));
    }

    /** Measures lag and picks up partitions added since the start (read from their beginning). */
    private void refresh(KafkaConsumer<String, byte[]> kafka) {
        try {
            for (TopicPartition partition : kafka.assignment()) {
                kafka.currentLag(partition).ifPresent(value -> lag.get(partition).set(value));
            }
            Set<TopicPartition> added = new HashSet<>(partitions(kafka));
            added.removeAll(kafka.assignment());
            if (!added.isEmpty()) {
                // Where they begin is asked before they are assigned: if the broker does not answer, nothing changed
                // and the next refresh tries again. Asked after, a partition could stay assigned without a slot in the
                // fan-out, which would drop its records.
                Map<TopicPartition, Long> beginnings = kafka.beginningOffsets(added);
                List<TopicPartition> assignment = new ArrayList<>(kafka.assignment());
                assignment.addAll(added);
                kafka.assign(assignment);
                for (TopicPartition partition : added) {
                    long first = beginnings.get(partition);
                    kafka.seek(partition, first);
                    intake.assigned(partition, first);
                    registerLag(partition);
                }
                LOG.infof("Now also reading %s", added);
            }
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.debugf("Could not refresh Kafka metadata: %s", e.getMessage());
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> kafka) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : config.kafka().topics()) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic);
            if (infos != null) {
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
        }
        return partitions;
    }

    private void registerLag(TopicPartition partition) {
        AtomicLong value = lag.computeIfAbsent(partition, key -> new AtomicLong());
        meters.gauge("gateway.kafka.lag", Tags.of("topic", partition.topic(), "partition",
                Integer.toString(partition.partition())), value, AtomicLong::get);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
