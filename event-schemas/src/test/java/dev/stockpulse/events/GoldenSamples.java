package dev.stockpulse.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The golden samples in {@code src/test/resources/events/}, one per event type, and in its subfolders the events of
 * the systems our users come from ({@code erp-document/}: seed 001).
 */
final class GoldenSamples {

    private GoldenSamples() {
    }

    static String path(EventType type) {
        return "events/" + type.wireName() + ".json";
    }

    static boolean exists(EventType type) {
        return GoldenSamples.class.getClassLoader().getResource(path(type)) != null;
    }

    static String json(EventType type) {
        return resource(path(type));
    }

    /** A sample by its path under the test resources, e.g. another system's event. */
    static String resource(String path) {
        try (InputStream in = GoldenSamples.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no golden sample " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode tree(EventType type) {
        return (ObjectNode) parse(json(type));
    }

    static JsonNode parse(String json) {
        try {
            return EventCodec.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(JsonNode tree) {
        try {
            return EventCodec.mapper().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
