package dev.stockpulse.gateway.core.room;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.stockpulse.gateway.core.delivery.Transport;

/**
 * The pings one housekeeping tick sends, grouped by event loop, so that they cost one task per event loop rather than
 * one per connection: a task per ping wakes an idle event loop once per connection and ping interval, which with
 * thousands of idle connections is most of what they cost. Each transport is still pinged (and flushed) on its own.
 */
final class PingRound {

    private static final Logger LOG = Logger.getLogger(PingRound.class);

    private final Map<Object, List<Transport>> byLoop = new HashMap<>(8);

    void add(Transport transport) {
        byLoop.computeIfAbsent(transport.loopKey(), key -> new ArrayList<>()).add(transport);
    }

    /** Hands each event loop one task that pings its transports; one that fails does not keep the others unpinged. */
    void send() {
        for (List<Transport> transports : byLoop.values()) {
            // Every transport of a group runs tasks on the same thread, so any of them can run the group's task.
            transports.get(0).execute(() -> {
                for (Transport transport : transports) {
                    try {
                        transport.ping();
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "Pinging a connection failed");
                    }
                }
            });
        }
        byLoop.clear();
    }
}
