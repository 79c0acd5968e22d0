package dev.stockpulse.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventKeys;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.LowStockPayload;

/**
 * Produces {@code inventory.low_stock} events into {@code inventory-events} as inventory-service's outbox relay does
 * (same envelope, codec, key, headers; acks=all, idempotent), with the send time in microseconds carried in the
 * payload's {@code product_sku} as {@code t<micros>}: the gateway sends the payload to clients unchanged, so each
 * client reads the send time back from the frame it receives.
 */
final class EventLoad implements AutoCloseable {

    /** What a client looks for in a frame: the send time follows it. */
    static final byte[] MARKER = "\"product_sku\":\"t".getBytes(StandardCharsets.US_ASCII);

    private static final int PRODUCTS = 30;

    private final KafkaProducer<String, byte[]> producer;
    private final List<String> tenants;
    /** Events handed to the producer per tenant, in the order of {@link #tenants}. */
    private final long[] sentByTenant;
    private final String padding;
    private final AtomicLong failures = new AtomicLong();
    private long sequence;
    /** Told each event's {@code event_id} as it is handed to the producer, in sending order. */
    private Consumer<String> sentIds = id -> { };

    EventLoad(String bootstrapServers, String tenant, int payloadBytes) {
        this(bootstrapServers, List.of(tenant), payloadBytes);
    }

    /** Events of the given tenants, round robin: the n-th event is the tenant {@code n mod tenants}'s. */
    EventLoad(String bootstrapServers, List<String> tenants, int payloadBytes) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "stockpulse-bench");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.tenants = List.copyOf(tenants);
        this.sentByTenant = new long[tenants.size()];
        int bare = payloadJson(0, "").length;
        this.padding = "x".repeat(Math.max(0, payloadBytes - bare));
    }

    /** The size of the payload as a client receives it in {@code data}. */
    int payloadSize() {
        return payloadJson(BenchClock.micros(), padding).length;
    }

    /** Events sent so far per tenant, in the order the tenants were given (a copy). */
    long[] sentByTenant() {
        return sentByTenant.clone();
    }

    /** {@code ids} is told every later event's {@code event_id}, in sending order, on the sending thread. */
    void onSent(Consumer<String> ids) {
        this.sentIds = ids;
    }

    long failures() {
        return failures.get();
    }

    /**
     * Sends events at {@code rate} per second (0: as fast as the producer takes them) until {@code duration} is over
     * or {@code maxEvents} are sent; the send time is taken right before each event is built.
     *
     * @return the events handed to the producer (all flushed when this returns)
     */
    long run(double rate, long durationNanos, long maxEvents) {
        long start = System.nanoTime();
        long end = start + durationNanos;
        long sent = 0;
        double intervalNanos = rate > 0 ? 1e9 / rate : 0;
        while (sent < maxEvents) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (rate > 0) {
                long due = start + (long) (sent * intervalNanos);
                if (due > now) {
                    LockSupport.parkNanos(Math.min(due - now, end - now));
                    continue;
                }
            }
            send();
            sent++;
        }
        producer.flush();
        return sent;
    }

    private void send() {
        long seq = ++sequence;
        int tenantIndex = (int) ((seq - 1) % tenants.size());
        String tenant = tenants.get(tenantIndex);
        sentByTenant[tenantIndex]++;
        String productId = "bench-prod-" + (seq % PRODUCTS);
        long sentMicros = BenchClock.micros();
        EventMetadata metadata = EventMetadata.create(EventType.LOW_STOCK, "inventory-service", tenant,
                "bench-" + seq, Priority.HIGH);
        LowStockPayload payload = payload(productId, sentMicros, padding);
        byte[] value = EventCodec.encode(new EventEnvelope<>(metadata, payload));
        sentIds.accept(metadata.eventId());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.INVENTORY_EVENTS,
                EventKeys.of(tenant, productId), value);
        for (Map.Entry<String, String> header : EventHeaders.of(metadata).entrySet()) {
            record.headers().add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record, (meta, error) -> {
            if (error != null) {
                failures.incrementAndGet();
            }
        });
    }

    private static LowStockPayload payload(String productId, long sentMicros, String padding) {
        return new LowStockPayload(productId, "t" + sentMicros, "Benchmark product " + padding, 8, 10, 50,
                new BigDecimal("1200.00"), "electronics", "Warehouse A", 2.5, "wh-a");
    }

    private byte[] payloadJson(long micros, String pad) {
        try {
            return EventCodec.mapper().writeValueAsBytes(payload("bench-prod-10", micros == 0 ? 1_795_000_000_000_000L
                    : micros, pad));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }

    static long secondsToNanos(double seconds) {
        return TimeUnit.MILLISECONDS.toNanos(Math.round(seconds * 1000));
    }
}
