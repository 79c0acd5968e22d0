package dev.stockpulse.gateway.core.access;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.gateway.core.room.ConnectedUser;
import dev.stockpulse.gateway.dialect.sse.SseStream;
import dev.stockpulse.gateway.dialect.ws.GatewayWebSocket;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Shapes the identity of long-lived connections ({@code /ws}, {@code /stream/events}), which the framework keeps for
 * the connection's whole life:
 * <ul>
 * <li>Takes token expiry away from websockets-next, which would close an expired WebSocket with the generic 1008 and
 * never learn of a token refreshed in-band. The gateway closes them itself with its own code (4001) at the expiry of
 * the latest token the client sent.</li>
 * <li>Keeps only what the gateway uses of the token: the {@link ConnectedUser} (user, tenant, admin, expiry), the
 * principal's name and the roles. The parsed JWT, its raw text and the credential would otherwise stay in memory
 * for every open connection (about 2 KiB each).</li>
 * </ul>
 * Short requests keep the identity as verified.
 */
@ApplicationScoped
public class ConnectionIdentityAugmentor implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(identity);
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
            Map<String, Object> attributes) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(attributes);
        if (identity.isAnonymous() || routing == null || !isLongLived(routing.normalizedPath())) {
            return Uni.createFrom().item(identity);
        }
        ConnectedUser user = identity.getPrincipal() instanceof JsonWebToken jwt
                ? ConnectedUser.of(jwt, identity.hasRole(Caller.ROLE_ADMIN))
                : null;
        Set<String> roles = identity.getRoles().stream().map(String::intern).collect(Collectors.toUnmodifiableSet());
        // No expiry attribute (see above), no token, no claims.
        String name = identity.getPrincipal().getName();
        if (user != null && name.equals(user.userId())) {
            name = user.userId();
        }
        return Uni.createFrom().item(new ConnectionIdentity(name, roles, user));
    }

    static boolean isLongLived(String path) {
        return GatewayWebSocket.PATH.equals(path) || SseStream.PATH.equals(path);
    }
}
