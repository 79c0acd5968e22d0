package dev.stockpulse.gateway.websocket;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import dev.stockpulse.gateway.sse.SseStream;

/**
 * Takes token expiry of long-lived connections ({@code /ws}, {@code /stream/events}) away from websockets-next, which
 * would close an expired WebSocket with the generic 1008 and never learn of a token refreshed in-band. The gateway
 * closes them itself with its own code (4001) at the expiry of the latest token the client sent. Short requests
 * keep the identity as verified.
 */
@ApplicationScoped
public class ConnectionExpiryAugmentor implements SecurityIdentityAugmentor {

    private static final String EXPIRE_TIME = "quarkus.identity.expire-time";

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(identity);
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
            Map<String, Object> attributes) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(attributes);
        if (identity.isAnonymous() || identity.getAttribute(EXPIRE_TIME) == null || routing == null
                || !isLongLived(routing.normalizedPath())) {
            return Uni.createFrom().item(identity);
        }
        Map<String, Object> kept = new HashMap<>(identity.getAttributes());
        kept.remove(EXPIRE_TIME);
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles())
                .addCredentials(identity.getCredentials())
                .addAttributes(kept)
                .addPermissionChecker(identity::checkPermission)
                .build());
    }

    static boolean isLongLived(String path) {
        return GatewayWebSocket.PATH.equals(path) || SseStream.PATH.equals(path);
    }
}
