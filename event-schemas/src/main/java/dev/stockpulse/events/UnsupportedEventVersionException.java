package dev.stockpulse.events;

/**
 * An event of a major version this build cannot read. Producers publish a new major alongside the old one for a
 * while, so a consumer skips and counts it instead of dead-lettering.
 */
public class UnsupportedEventVersionException extends RuntimeException {

    private final String eventVersion;

    public UnsupportedEventVersionException(String eventVersion) {
        super("unsupported event_version '" + eventVersion + "', this build reads 1.x");
        this.eventVersion = eventVersion;
    }

    public String eventVersion() {
        return eventVersion;
    }
}
