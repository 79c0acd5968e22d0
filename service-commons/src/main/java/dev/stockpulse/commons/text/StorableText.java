package dev.stockpulse.commons.text;

import java.util.Optional;

/**
 * What text the services accept: anything Java holds except the two things the stack cannot carry. PostgreSQL refuses
 * U+0000 in a text value, and Jackson refuses to write an unpaired UTF-16 surrogate (which also has no UTF-8 form), so
 * a value with either would fail deep inside a transaction or a response as a 500. Other control characters are stored
 * and returned as they came.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Why {@code value} cannot be stored, or empty when it can. */
    public static Optional<String> problem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return Optional.of("must not contain the NUL character (U+0000), at index " + i);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of("must be valid Unicode: an unpaired surrogate at index " + i);
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of("must be valid Unicode: an unpaired surrogate at index " + i);
            }
        }
        return Optional.empty();
    }

    /** {@code value} safe to echo in a message: control characters and surrogates as {@code \\uXXXX}, cut at 64. */
    public static String visible(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 64; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.length() >= 64 && value.length() > out.length() ? out + "…" : out.toString();
    }
}
