package dev.stockpulse.events;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Constructor checks shared by the event records.
 *
 * <p>Every message starts with the snake_case JSON name of the field at fault, so that {@link EventCodec} can
 * report a bad event as {@code payload.lines[0]: quantity must be positive} and a producer sees the same words
 * the consumer would.
 */
public final class Checks {

    private Checks() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static String requiredText(String value, String field) {
        if (required(value, field).isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    /** Tenant ids end up in Kafka keys ({@code tenant:aggregate}) and room names, where ':' is the separator. */
    public static String tenantId(String value, String field) {
        if (requiredText(value, field).indexOf(':') >= 0) {
            throw new IllegalArgumentException(field + " must not contain ':', was '" + value + "'");
        }
        return value;
    }

    /**
     * An event id is the producer's, not ours: any text of 1 to {@link EventMetadata#EVENT_ID_MAX_LENGTH} characters
     * that is not blank, without control characters (they forge log lines, and PostgreSQL cannot store NUL) or
     * unpaired surrogates (they are not Unicode: UTF-8 turns them into '?', so two different ids would be stored
     * and deduplicated as one).
     */
    public static String eventId(String value, String field) {
        requiredText(value, field);
        int length = value.codePointCount(0, value.length());
        if (length > EventMetadata.EVENT_ID_MAX_LENGTH) {
            throw new IllegalArgumentException(field + " must be at most " + EventMetadata.EVENT_ID_MAX_LENGTH
                    + " characters, was " + length);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException(field + " must not contain control characters, found U+"
                        + String.format("%04X", (int) c) + " at index " + i);
            }
            boolean pairStart = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pairStart) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(
                        field + " must be valid Unicode, found an unpaired surrogate at index " + i);
            }
        }
        return value;
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return value;
    }

    public static long positive(long value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
        return value;
    }

    public static BigDecimal nonNegativeAmount(BigDecimal value, String field) {
        if (required(value, field).signum() < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value.toPlainString());
        }
        return value;
    }

    public static Long optionalNonNegative(Long value, String field) {
        return value == null ? null : nonNegative(value, field);
    }

    /** JSON has no NaN or infinity, so a non-finite value could not be written, let alone read back. */
    public static Double optionalNonNegativeFinite(Double value, String field) {
        if (value != null && (!Double.isFinite(value) || value < 0)) {
            throw new IllegalArgumentException(field + " must be a finite number, not negative, was " + value);
        }
        return value;
    }

    /** JSON has no NaN or infinity. */
    public static double nonNegativeFinite(double value, String field) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(field + " must be a finite number, not negative, was " + value);
        }
        return value;
    }

    public static double probability(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + " must be between 0 and 1, was " + value);
        }
        return value;
    }

    /** An immutable copy; a null element is reported here rather than as a bare NullPointerException. */
    public static <T> List<T> requiredList(List<T> value, String field) {
        // Not contains(null): immutable lists throw on it.
        if (required(value, field).stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(field + " must not contain null");
        }
        return List.copyOf(value);
    }

    public static <T> List<T> requiredNonEmptyList(List<T> value, String field) {
        if (required(value, field).isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        return requiredList(value, field);
    }

    public static <T> List<T> optionalList(List<T> value, String field) {
        return value == null ? null : requiredList(value, field);
    }
}
