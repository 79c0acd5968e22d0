package dev.stockpulse.gateway.core.access;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import dev.stockpulse.gateway.core.config.GatewayConfig;

/**
 * Takes the JWT from {@code Authorization: Bearer …} or, on the WebSocket upgrade and the SSE stream only, from
 * {@code ?access_token=…}: a browser's WebSocket and EventSource APIs cannot set headers. The token is verified by smallrye-jwt's
 * own identity provider, exactly as a header token would be. Outside the upgrade a token in the URL is ignored,
 * because URLs end up in access logs and browser history.
 */
@ApplicationScoped
public class AccessTokenAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String QUERY_PARAMETER = "access_token";
    private static final String BEARER_PREFIX = "Bearer ";

    private final boolean queryParameterAllowed;

    public AccessTokenAuthenticationMechanism(GatewayConfig config) {
        this.queryParameterAllowed = config.auth().queryParameterToken();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = token(context);
        if (token == null) {
            return Uni.createFrom().optional(Optional.empty());
        }
        // Marks this mechanism as the one that tried, so a bad token is answered with its challenge.
        context.put(HttpAuthenticationMechanism.class.getName(), this);
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                new TokenAuthenticationRequest(new JsonWebTokenCredential(token)), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(HttpResponseStatus.UNAUTHORIZED.code(),
                HttpHeaderNames.WWW_AUTHENTICATE, "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    /** Ahead of smallrye-jwt's header-only mechanism, so one place decides where a token comes from. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }

    private String token(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
            return nonBlank(authorization.substring(BEARER_PREFIX.length()).trim());
        }
        if (queryParameterAllowed && ConnectionIdentityAugmentor.isLongLived(context.normalizedPath())) {
            return nonBlank(context.request().getParam(QUERY_PARAMETER));
        }
        return null;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
