package dev.stockpulse.commons.text;

import java.io.IOException;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Makes every string a request body binds refuse text that cannot be stored (see {@link StorableText}). Jackson then
 * reports it with the path to the field, and the problem mapper answers a 400 naming it, for every endpoint at once.
 * It holds for every use of the application's mapper, Vert.x's {@code JsonObject} included; events are read with
 * event-schemas' own mapper and are not affected.
 */
@Singleton
public class StorableTextJackson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("stockpulse-storable-text")
                .addDeserializer(String.class, new StorableStringDeserializer()));
    }

    static final class StorableStringDeserializer extends StdScalarDeserializer<String> {

        StorableStringDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            Optional<String> problem = value == null ? Optional.empty() : StorableText.problem(value);
            if (problem.isPresent()) {
                throw InvalidFormatException.from(parser, problem.get(), StorableText.visible(value), String.class);
            }
            return value;
        }
    }
}
