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

    /** What {@code value} should have been for {@code type}, or empty when it converts. */
    static Optional<String> mismatch(Class<?> type, String value) {
        try {
            if (type == UUID.class) {
                UUID.fromString(value);
            } else if (type == int.class || type == Integer.class) {
                Integer.parseInt(value.strip());
            } else if (type == long.class || type == Long.class) {
                Long.parseLong(value.strip());
            } else if (type == double.class || type == Double.class) {
                Double.parseDouble(value.strip());
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(type == UUID.class ? "a UUID" : type == double.class || type == Double.class
                    ? "a number" : "a whole number" + (type == int.class || type == Integer.class
                            ? " up to " + Integer.MAX_VALUE : ""));
        }
    }
}
