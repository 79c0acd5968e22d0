package dev.stockpulse.gateway.websocket;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.stockpulse.commons.security.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * Admits only tokens that name a user and a tenant: rooms are built from them, so a token without them (or with a
 * tenant containing the room separator ':') gets no connection rather than a guessed room. A missing or invalid
 * token never gets here; the endpoint's {@code @Authenticated} answers it with 401.
 */
@ApplicationScoped
public class TenantUpgradeCheck implements HttpUpgradeCheck {

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return context.securityIdentity().map(identity -> {
            if (identity == null || identity.isAnonymous()) {
                return CheckResult.rejectUpgradeSync(401);
            }
            ConnectedUser user = connectedUser(identity);
            if (user == null) {
                return CheckResult.rejectUpgradeSync(403);
            }
            context.userData().put(ConnectedUser.KEY, user);
            return CheckResult.permitUpgradeSync();
        });
    }

    private static ConnectedUser connectedUser(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return null;
        }
        Object tenant = jwt.getClaim(Caller.TENANT_CLAIM);
        String userId = jwt.getSubject();
        if (!(tenant instanceof String tenantId) || tenantId.isBlank() || tenantId.indexOf(':') >= 0
                || userId == null || userId.isBlank()) {
            return null;
        }
        return new ConnectedUser(userId, tenantId, identity.hasRole(Caller.ROLE_ADMIN));
    }
}
