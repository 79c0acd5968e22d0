package dev.stockpulse.gateway.core.intake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * Parks a record of a bound topic that makes no event on {@code <topic>.dlq}, as the services dead-letter theirs: key,
 * value and headers unchanged, and {@code dlq_reason}, {@code dlq_origin_topic}, {@code dlq_origin_partition},
 * {@code dlq_origin_offset} added. A bound topic's producer is no StockPulse service and dead-letters nothing, so the
 * gateway does it; every instance reads every record, so each instance (and a restart that reads the record again)
 * parks its own copy, recognisable by its origin headers.
 *
 * <p>The consumer thread never waits for it: sends (whose first one to a topic waits for its metadata) run on a
 * thread of their own, behind a bounded queue; what does not fit is logged and counted, not parked. The producer
 * is made on first use, so a gateway without bindings has none.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);
    private static final int QUEUE = 1_000;

    private final Map<String, Object> kafkaDefaults;
    private final MeterRegistry meters;
    private final ThreadPoolExecutor sender;
    private KafkaProducer<String, byte[]> producer;

    public DeadLetterPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaDefaults,
            MeterRegistry meters) {
        this.kafkaDefaults = kafkaDefaults;
        this.meters = meters;
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), task -> {
            Thread thread = new Thread(task, "gateway-dead-letters");
            thread.setDaemon(true);
            return thread;
        }, (task, executor) -> {
            LOG.error("Too many dead letters waiting; one was not parked (its record is logged above)");
            meters.counter("gateway.dead.letters", "outcome", "failed").increment();
        });
    }

    /** Queues the record for {@code <topic>.dlq}; returns at once. */
    public void park(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(Topics.deadLetter(record.topic()), record.key(),
                record.value());
        for (Header header : record.headers()) {
            letter.headers().add(header);
        }
        letter.headers().add(EventHeaders.DLQ_REASON, bytes(reason));
        letter.headers().add(EventHeaders.DLQ_ORIGIN_TOPIC, bytes(record.topic()));
        letter.headers().add(EventHeaders.DLQ_ORIGIN_PARTITION, bytes(Integer.toString(record.partition())));
        letter.headers().add(EventHeaders.DLQ_ORIGIN_OFFSET, bytes(Long.toString(record.offset())));
        sender.execute(() -> send(letter));
    }

    private void send(ProducerRecord<String, byte[]> letter) {
        try {
            producer().send(letter, (written, failure) -> {
                if (failure != null) {
                    LOG.errorf("Could not dead-letter to %s: %s", letter.topic(), failure.getMessage());
                    meters.counter("gateway.dead.letters", "outcome", "failed").increment();
                } else {
                    meters.counter("gateway.dead.letters", "outcome", "parked").increment();
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf("Could not dead-letter to %s: %s", letter.topic(), e.getMessage());
            meters.counter("gateway.dead.letters", "outcome", "failed").increment();
        }
    }

    /** Only the sender thread calls it. */
    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            // Every kafka.* setting applies (bootstrap servers, and SASL/TLS in production).
            Map<String, Object> properties = new HashMap<>(kafkaDefaults);
            properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            properties.put(ProducerConfig.CLIENT_ID_CONFIG, "realtime-gateway-dlq-" + ProcessHandle.current().pid());
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
            producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
