package dev.stockpulse.gateway.room;

import java.util.List;

import io.quarkus.websockets.next.WebSocketConnection;

/** One open connection: the rooms its token put it in, and the channels it listens to. */
public record ClientSession(WebSocketConnection connection, List<String> rooms, Subscriptions subscriptions) {

    public ClientSession {
        rooms = List.copyOf(rooms);
    }

    public String id() {
        return connection.id();
    }
}
