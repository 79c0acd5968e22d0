package dev.stockpulse.gateway.core.room;

import java.util.List;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.gateway.core.routing.Rooms;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.UserData;

/**
 * Who is on a connection, read from the verified token when it opened and kept for the connection's life. Rooms come
 * from here only, never from the client.
 *
 * @param expiresAtMillis when the token expires (epoch millis); {@link Long#MAX_VALUE} for a token without {@code exp}
 */
public record ConnectedUser(String userId, String tenantId, boolean admin, long expiresAtMillis) {

    public static final UserData.TypedKey<ConnectedUser> KEY = new UserData.TypedKey<>(ConnectedUser.class.getName());

    /** The identity attribute under which a long-lived connection's identity carries its user, instead of the JWT. */
    public static final String ATTRIBUTE = ConnectedUser.class.getName();

    public List<String> rooms() {
        return Rooms.of(tenantId, userId, admin);
    }

    /** Same person with the same rights: what an in-band token refresh may not change. */
    public boolean sameIdentity(ConnectedUser other) {
        return userId.equals(other.userId) && tenantId.equals(other.tenantId) && admin == other.admin;
    }

    /**
     * The user of a verified identity, or null when its token names no user or no usable tenant (rooms are built from
     * them, so such a token gets no connection rather than a guessed room).
     */
    public static ConnectedUser of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        if (identity.getAttribute(ATTRIBUTE) instanceof ConnectedUser user) {
            return user;
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return null;
        }
        return of(jwt, identity.hasRole(Caller.ROLE_ADMIN));
    }

    public static ConnectedUser of(JsonWebToken jwt, boolean admin) {
        Object tenant = jwt.getClaim(Caller.TENANT_CLAIM);
        String userId = jwt.getSubject();
        if (!(tenant instanceof String tenantId) || tenantId.isBlank() || tenantId.indexOf(':') >= 0
                || userId == null || userId.isBlank()) {
            return null;
        }
        long exp = jwt.getExpirationTime();
        // Tenants are few and every connection keeps its user: one copy of each tenant id is enough.
        return new ConnectedUser(userId, tenantId.intern(), admin, exp > 0 ? exp * 1000 : Long.MAX_VALUE);
    }
}
