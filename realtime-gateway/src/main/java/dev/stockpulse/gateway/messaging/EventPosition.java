package dev.stockpulse.gateway.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where an event sits in Kafka. Clients see it only encoded, as an opaque string, so that the gateway can change
 * what it holds (another topic, a timestamp) without a protocol change; recovery will read it back.
 */
public record EventPosition(String topic, int partition, long offset) {

    /** base64url, unpadded, of {@code topic:partition:offset}: safe in a URL, a query string and an SSE id. */
    public String encode() {
        String plain = topic + ":" + partition + ":" + offset;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
