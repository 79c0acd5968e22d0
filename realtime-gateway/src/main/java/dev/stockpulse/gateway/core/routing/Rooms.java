package dev.stockpulse.gateway.core.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Room names. A room is who may see an event; it comes from the verified token only, never from the client, and
 * always carries the tenant, so no event can reach a room of another tenant. Tenant ids never contain ':' (the
 * event contract and the upgrade check both refuse it), which keeps {@code user:<tenant>:<user>} unambiguous.
 */
public final class Rooms {

    private Rooms() {
    }

    public static String user(String tenantId, String userId) {
        return "user:" + tenantId + ":" + userId;
    }

    /** Interned, like {@link #admin}: every connection of the tenant keeps the name, and one copy is enough. */
    public static String tenant(String tenantId) {
        return ("tenant:" + tenantId).intern();
    }

    public static String admin(String tenantId) {
        return ("admin:" + tenantId).intern();
    }

    /** The rooms a caller joins: its own (always first), its tenant's, and its tenant's admins' if it is an admin. */
    public static List<String> of(String tenantId, String userId, boolean admin) {
        List<String> rooms = new ArrayList<>(3);
        rooms.add(user(tenantId, userId));
        rooms.add(tenant(tenantId));
        if (admin) {
            rooms.add(admin(tenantId));
        }
        return List.copyOf(rooms);
    }
}
