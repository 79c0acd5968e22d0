package dev.stockpulse.gateway.core.routing;

import java.util.List;


/** Where one event goes: the channel a connection must listen to, and the rooms it must be in (any of them). */
public record Route(Channel channel, List<String> rooms) {

    public Route {
        rooms = List.copyOf(rooms);
    }
}
