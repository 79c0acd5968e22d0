package dev.stockpulse.gateway.dialect.ws;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;

import dev.stockpulse.gateway.core.access.ConnectionEndpoint;
import dev.stockpulse.gateway.core.access.OriginPolicy;
import dev.stockpulse.gateway.core.config.GatewayConfig;
import dev.stockpulse.gateway.core.room.ConnectedUser;
import dev.stockpulse.gateway.core.room.RoomFanOut;

/**
 * Admits only browsers from an allowed origin (403), and only tokens that name a user and a tenant (403): rooms are
 * built from them. A missing or invalid token never gets here; the endpoint's {@code @Authenticated} answers it with
 * 401. While the gateway is still rebuilding its recovery buffers it admits nobody (503): a client that came in then
 * could miss the events read meanwhile.
 *
 * <p>It is also the {@link ConnectionEndpoint} of {@code /ws}, the bean that admits its connections, so that the
 * websockets-next endpoint class stays a plain endpoint.
 */
@ApplicationScoped
public class TenantUpgradeCheck implements HttpUpgradeCheck, ConnectionEndpoint {

    private final OriginPolicy origins;
    private final RoomFanOut fanOut;

    public TenantUpgradeCheck(GatewayConfig config, RoomFanOut fanOut) {
        this.origins = new OriginPolicy(config.websocket().allowedOrigins());
        this.fanOut = fanOut;
    }

    @Override
    public List<String> paths() {
        return WebSocketDialect.PATHS;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!origins.allows(context.httpRequest().getHeader("Origin"))) {
            return CheckResult.rejectUpgrade(403);
        }
        if (!fanOut.isLive()) {
            return CheckResult.rejectUpgrade(503);
        }
        return context.securityIdentity().map(identity -> {
            if (identity == null || identity.isAnonymous()) {
                return CheckResult.rejectUpgradeSync(401);
            }
            ConnectedUser user = ConnectedUser.of(identity);
            if (user == null) {
                return CheckResult.rejectUpgradeSync(403);
            }
            context.userData().put(ConnectedUser.KEY, user);
            // The connection keeps its upgrade request, headers included, for its whole life; the token in them has
            // done its job (its claims are in the user), so it is not kept around.
            context.httpRequest().headers().remove(HttpHeaders.AUTHORIZATION);
            WebSocketTransport.capture(context.httpRequest(), context.userData());
            return CheckResult.permitUpgradeSync();
        });
    }
}
