package dev.stockpulse.commons.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.Topics;

/**
 * Parks a record a consumer cannot handle on {@code <topic>.dlq}: the value and key unchanged, the original headers
 * kept, and why and where it came from added. The emitter is the service's own outgoing channel to Kafka.
 */
public final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;

    public DeadLetters(MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> park(ConsumerRecord<String, String> record, String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d event_id=%s tenant_id=%s: %s", record.topic(), record.partition(),
                record.offset(), orDash(HeaderText.of(record.headers(), EventHeaders.EVENT_ID)),
                orDash(HeaderText.of(record.headers(), EventHeaders.TENANT_ID)), reason);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        headers.add(EventHeaders.DLQ_REASON, bytes(reason));
        headers.add(EventHeaders.DLQ_ORIGIN_TOPIC, bytes(record.topic()));
        headers.add(EventHeaders.DLQ_ORIGIN_PARTITION, bytes(Integer.toString(record.partition())));
        headers.add(EventHeaders.DLQ_ORIGIN_OFFSET, bytes(Long.toString(record.offset())));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(Topics.deadLetter(record.topic()))
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(record.value() == null ? "" : record.value()).addMetadata(metadata));
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
