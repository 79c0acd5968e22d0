package dev.stockpulse.events;

/**
 * A well-formed event of a type this build does not know, most likely published by a newer producer. Not an
 * {@link EventContractException}: the record is fine, so a consumer skips and counts it instead of dead-lettering.
 */
public class UnknownEventTypeException extends RuntimeException {

    private final String eventType;

    public UnknownEventTypeException(String eventType) {
        super("unknown event type '" + eventType + "'");
        this.eventType = eventType;
    }

    public String eventType() {
        return eventType;
    }
}
