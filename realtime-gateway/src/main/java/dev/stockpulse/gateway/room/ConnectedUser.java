package dev.stockpulse.gateway.websocket;

import java.util.List;

import dev.stockpulse.gateway.room.Rooms;
import io.quarkus.websockets.next.UserData;

/** Who is on a connection, read from the verified token at the upgrade and kept for the connection's life. */
public record ConnectedUser(String userId, String tenantId, boolean admin) {

    static final UserData.TypedKey<ConnectedUser> KEY = new UserData.TypedKey<>(ConnectedUser.class.getName());

    public List<String> rooms() {
        return Rooms.of(tenantId, userId, admin);
    }
}
