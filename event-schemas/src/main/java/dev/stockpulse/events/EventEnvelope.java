package dev.stockpulse.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Every event on the wire: what happened to whom ({@link EventMetadata}) and the event-specific data. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope<P>(EventMetadata metadata, P payload) {

    public EventEnvelope {
        Checks.required(metadata, "metadata");
        Checks.required(payload, "payload");
    }
}
