package dev.stockpulse.commons.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document. {@code type} is stable per kind of problem so clients can branch on it;
 * {@code errors} names each field at fault, in the request's own (snake_case) names.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://stockpulse.dev/problems/";

    public record FieldError(String field, String message) {
    }
}
