package dev.stockpulse.commons.problem;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Refuses a JSON object that names a field twice. Jackson cannot bind a repeated creator property of a record (it
 * throws a type-definition error, answered as a 500), and which of the two values a client meant is a guess anyway:
 * the parser's error makes it a {@code malformed-json} 400 naming the field.
 */
@Singleton
public class StrictJsonParsing implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
