package dev.stockpulse.commons.text;

/**
 * Fits text a service composes or copies (an alert message built from a product name, SKU and warehouse; a rejection
 * listing every short line; a correlation id another producer chose) into the column that stores it: a value too long
 * for its column is a permanent database error, which would dead-letter the event that carries it.
 */
public final class ColumnText {

    /** Marks a cut, so a reader knows the text went on. */
    public static final String ELLIPSIS = "\u2026";

    private ColumnText() {
    }

    /**
     * @param maxLength the column's length in characters ({@code VARCHAR(n)}); at least 1
     * @return the value unchanged when it fits, else its start and an ellipsis, {@code maxLength} characters in all;
     *         never a lone half of a surrogate pair. Null stays null.
     */
    public static String fit(String value, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
        }
        if (value == null || value.length() <= maxLength) {
            return value;
        }
        int end = maxLength - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + ELLIPSIS;
    }
}
