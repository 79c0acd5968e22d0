package dev.stockpulse.commons.problem;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Finds the query parameter whose value does not convert to the type its resource method declares. JAX-RS answers such
 * a request with a bare 404, as if the resource did not exist; the client deserves a 400 naming the parameter.
 */
final class QueryParameters {

    private QueryParameters() {
    }

    /** The first query parameter of {@code method} that {@code query} gives a value its type cannot hold. */
    static Optional<Problem.FieldError> firstUnconvertible(Method method, MultivaluedMap<String, String> query) {
        for (Parameter parameter : method.getParameters()) {
            QueryParam name = parameter.getAnnotation(QueryParam.class);
            List<String> values = name != null ? query.get(name.value()) : null;
            if (values == null) {
                continue;
            }
            for (String value : values) {
                Optional<String> expected = mismatch(parameter.getType(), value);
                if (expected.isPresent()) {
                    return Optional.of(new Problem.FieldError(name.value(),
                            "must be " + expected.get() + ", got '" + value + "'"));
                }
            }
        }
        return Optional.empty();
    }

    /** What {@code value} should have been for {@code type}, or empty when it converts (or the type is not checked). */
    static Optional<String> mismatch(Class<?> type, String value) {
        if (type == UUID.class) {
            return unless(() -> UUID.fromString(value), "a UUID");
        }
        if (type == int.class || type == Integer.class) {
            return unless(() -> Integer.parseInt(value.strip()), "a whole number up to " + Integer.MAX_VALUE);
        }
        if (type == long.class || type == Long.class) {
            return unless(() -> Long.parseLong(value.strip()), "a whole number");
        }
        if (type == double.class || type == Double.class) {
            return unless(() -> Double.parseDouble(value.strip()), "a number");
        }
        return Optional.empty();
    }

    private static Optional<String> unless(Runnable parse, String expected) {
        try {
            parse.run();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(expected);
        }
    }
}
