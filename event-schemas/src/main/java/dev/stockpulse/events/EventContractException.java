package dev.stockpulse.events;

/**
 * An event that breaks the contract: not JSON, a required field missing or malformed. Retrying cannot help, so a
 * consumer dead-letters the record with this message as the reason. The message names the field at fault, as
 * {@code metadata: tenant_id is required} or {@code payload.lines[0]: quantity must be positive}.
 */
public class EventContractException extends RuntimeException {

    public EventContractException(String message) {
        super(message);
    }

    public EventContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
