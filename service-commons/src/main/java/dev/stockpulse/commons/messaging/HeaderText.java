package dev.stockpulse.commons.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** The text of a Kafka record header (the contract's headers are UTF-8), for every reader of headers alike. */
public final class HeaderText {

    private HeaderText() {
    }

    /** @return the last value of the header, or null when the record has none */
    public static String of(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
