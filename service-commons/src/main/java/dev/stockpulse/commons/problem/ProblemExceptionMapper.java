package dev.stockpulse.commons.problem;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Every error a REST client can meet, as RFC 9457 problem+json. Bad input is a 4xx naming the field, never a 500. */
public class ProblemExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);
    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return invalid(errors, uri);
    }

    /** A 400 naming each field at fault, the one shape of every "validation" problem. */
    private static Response invalid(List<Problem.FieldError> errors, UriInfo uri) {
        String detail = errors.stream().map(err -> err.field() + ": " + err.message()).collect(Collectors.joining("; "));
        return respond(new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400, detail, uri.getPath(), errors));
    }

    /**
     * Malformed JSON, a wrong type, a missing required property: Jackson knows the path to the field. Listed type by
     * type because the most specific mapper wins and Quarkus ships plain-JSON mappers for some of them.
     */
    @ServerExceptionMapper({ JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class, ValueInstantiationException.class })
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        } else if (e instanceof InputCoercionException coercion && coercion.getProcessor() != null) {
            // a number too large for its field: well-formed JSON, a wrong value, and the parser knows where it is
            field = fieldOf(coercion.getProcessor().getParsingContext().pathAsPointer());
        }
        if (field != null && !field.isEmpty()) {
            String message = "has a missing or wrong value (" + e.getOriginalMessage().split("\n")[0] + ")";
            return respond(new Problem(Problem.TYPE_BASE + "validation", "Invalid request", 400, field + " " + message,
                    uri.getPath(), List.of(new Problem.FieldError(field, message))));
        }
        JsonLocation where = e.getLocation();
        return respond(new Problem(Problem.TYPE_BASE + "malformed-json", "Malformed JSON", 400,
                "The request body is not valid JSON: " + e.getOriginalMessage().split("\n")[0]
                        + (where != null && where.getLineNr() > 0
                                ? " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")" : ""),
                uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(new Problem(Problem.TYPE_BASE + "unauthorized", "Unauthorized", 401,
                "A valid bearer token is required", uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(new UnauthorizedException(), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(Problem.TYPE_BASE + "forbidden", "Forbidden", 403,
                "Your roles do not allow this", uri.getPath(), List.of()));
    }

    /**
     * 404 for unknown paths, 405, 415 and friends keep their status but speak problem+json. Two of them are bad input
     * in disguise: a body Quarkus' JSON reader could not parse (a 400 wrapping Jackson's exception: truncated JSON,
     * a number too large for its field) is answered as such, and a query parameter that does not convert to its
     * declared type (which JAX-RS answers with 404) is a 400 naming the parameter.
     */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, ResourceInfo resource) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            return unexpected(e, uri);
        }
        if (status.getStatusCode() == 400 && e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        String detail = e.getMessage();
        if (e instanceof NotFoundException && e.getCause() != null && resource != null
                && resource.getResourceMethod() != null) {
            Optional<Problem.FieldError> parameter = QueryParameters.firstUnconvertible(resource.getResourceMethod(),
                    uri.getQueryParameters());
            if (parameter.isPresent()) {
                return invalid(List.of(parameter.get()), uri);
            }
            // a path segment of the wrong form (an id that is not a UUID): nothing can exist there
            detail = "Nothing exists at " + uri.getPath() + ": a part of the path has the wrong form ("
                    + e.getCause().getMessage() + ")";
        }
        String slug = status.getReasonPhrase().toLowerCase().replace(' ', '-');
        return respond(new Problem(Problem.TYPE_BASE + slug, status.getReasonPhrase(), status.getStatusCode(),
                detail, uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (isDatabasePoolExhausted(e)) {
            // Overload, not a defect: the request waited its whole acquisition timeout for a database connection.
            // A client (or a load balancer) can act on 503 and Retry-After; it cannot on a 500.
            LOG.warnf("No database connection became free in time for %s: answered 503", uri.getPath());
            return Response.fromResponse(respond(new Problem(Problem.TYPE_BASE + "overloaded", "Service overloaded", 503,
                    "No database connection became free in time; nothing was changed. Retry after a short while.",
                    uri.getPath(), List.of()))).header("Retry-After", "1").build();
        }
        LOG.errorf(e, "Unexpected failure on %s", uri.getPath());
        return respond(new Problem(Problem.TYPE_BASE + "internal", "Internal error", 500,
                "The server failed unexpectedly; the failure is logged. Retry later.", uri.getPath(), List.of()));
    }

    /**
     * The reactive SQL client's pool gave up waiting for a connection: it fails the wait with a bare "Timeout" (or
     * "Timeout waiting for connection"), or refuses it with {@code ConnectionPoolTooBusyException} when its wait queue
     * is bounded; Hibernate Reactive may wrap either. Matched by type and exact message, since the client has no
     * dedicated type for the timeout.
     */
    static boolean isDatabasePoolExhausted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
                return true;
            }
            if ((t instanceof io.vertx.core.impl.NoStackTraceThrowable || t instanceof io.vertx.core.VertxException)
                    && ("Timeout".equals(t.getMessage()) || "Timeout waiting for connection".equals(t.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** {@code /lines/0/quantity} as {@code lines[0].quantity}. */
    private static String fieldOf(JsonPointer pointer) {
        StringBuilder field = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            if (p.mayMatchElement()) {
                field.append('[').append(p.getMatchingIndex()).append(']');
            } else {
                field.append(field.length() > 0 ? "." : "").append(p.getMatchingProperty());
            }
        }
        return field.toString();
    }

    /** A header is named as the client sends it ({@code X-Correlation-Id}), not as the Java parameter reading it. */
    private static Optional<String> headerOf(ConstraintViolation<?> violation) {
        Path.MethodNode method = null;
        Path.ParameterNode parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                method = node.as(Path.MethodNode.class);
            } else if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.as(Path.ParameterNode.class);
            }
        }
        if (method == null || parameter == null) {
            return Optional.empty();
        }
        Class<?>[] types = method.getParameterTypes().toArray(Class<?>[]::new);
        // The root bean may be a CDI subclass (interceptors), whose override carries no JAX-RS annotations.
        for (Class<?> type = violation.getRootBeanClass(); type != null; type = type.getSuperclass()) {
            try {
                HeaderParam header = type.getDeclaredMethod(method.getName(), types)
                        .getParameters()[parameter.getParameterIndex()].getAnnotation(HeaderParam.class);
                if (header != null) {
                    return Optional.of(header.value());
                }
            } catch (NoSuchMethodException notDeclaredHere) {
                // look further up
            }
        }
        return Optional.empty();
    }

    /** The request body's field, in its JSON name: the path after the method and parameter nodes. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> names = StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .filter(node -> node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT)
                .map(Path.Node::getName)
                .map(SNAKE::translate)
                .toList();
        if (names.isEmpty()) {
            Optional<String> header = headerOf(violation);
            if (header.isPresent()) {
                return header.get();
            }
            List<String> all = StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                    .map(Path.Node::getName).toList();
            return SNAKE.translate(all.get(all.size() - 1));
        }
        return String.join(".", names);
    }
}
