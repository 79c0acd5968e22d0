package dev.stockpulse.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How urgent an event is; declared from least to most urgent, so the natural order is the urgency order. */
public enum Priority {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code "high"} as well as {@code "HIGH"}: the ERP system this replaces wrote upper case. */
    @JsonCreator
    public static Priority fromWire(String s) {
        if (s != null) {
            for (Priority priority : values()) {
                if (priority.name().equalsIgnoreCase(s)) {
                    return priority;
                }
            }
        }
        throw new IllegalArgumentException("unknown priority '" + s + "', expected one of low, medium, high, critical");
    }

    public boolean isHigherThan(Priority other) {
        return compareTo(Checks.required(other, "other")) > 0;
    }
}
