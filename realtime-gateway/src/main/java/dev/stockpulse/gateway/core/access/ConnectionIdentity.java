package dev.stockpulse.gateway.core.access;

import java.security.Permission;
import java.security.Principal;
import java.util.Map;
import java.util.Set;

import io.quarkus.security.credential.Credential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.gateway.core.room.ConnectedUser;

/**
 * The identity a long-lived connection keeps for its whole life (the framework holds on to it): the principal's name,
 * the roles and the {@link ConnectedUser}, and nothing else, neither the token nor the parsed JWT. It is its own
 * principal. Nothing on these paths checks permissions, so none are granted.
 *
 * @param user null when the token named no usable user or tenant (the upgrade is then refused with 403)
 */
record ConnectionIdentity(String name, Set<String> roles, ConnectedUser user) implements SecurityIdentity, Principal {

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Principal getPrincipal() {
        return this;
    }

    @Override
    public boolean isAnonymous() {
        return false;
    }

    @Override
    public Set<String> getRoles() {
        return roles;
    }

    @Override
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    @Override
    public Set<Permission> getPermissions() {
        return Set.of();
    }

    @Override
    public <T extends Credential> T getCredential(Class<T> type) {
        return null;
    }

    @Override
    public Set<Credential> getCredentials() {
        return Set.of();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttribute(String attribute) {
        return ConnectedUser.ATTRIBUTE.equals(attribute) ? (T) user : null;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return user == null ? Map.of() : Map.of(ConnectedUser.ATTRIBUTE, user);
    }

    @Override
    public Uni<Boolean> checkPermission(Permission permission) {
        return Uni.createFrom().item(false);
    }
}
