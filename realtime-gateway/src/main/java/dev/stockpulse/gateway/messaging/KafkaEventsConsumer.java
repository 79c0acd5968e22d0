package dev.stockpulse.gateway.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads both event topics ({@code inventory-events}, {@code sales-events}) as raw records: the partition and offset
 * become the event's position, and the headers let most records be dropped unparsed. The work per record is
 * non-blocking (decode, encode once, hand the frame to the sockets without waiting), so it runs on the connector's
 * event loop and never waits for a client.
 */
@ApplicationScoped
public class KafkaEventsConsumer {

    private final EventFanOut fanOut;

    public KafkaEventsConsumer(EventFanOut fanOut) {
        this.fanOut = fanOut;
    }

    @Incoming("gateway-events")
    public void consume(ConsumerRecord<String, byte[]> record) {
        fanOut.accept(record);
    }
}
