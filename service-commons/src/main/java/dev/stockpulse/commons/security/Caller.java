package dev.stockpulse.commons.security;

import java.util.Set;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.stockpulse.commons.problem.ProblemException;

/**
 * Who is calling: user, tenant and roles, read from the verified JWT only. Tenant scoping of every query starts
 * here; a token without a tenant is refused rather than guessed.
 */
@RequestScoped
public class Caller {

    public static final String TENANT_CLAIM = "tenant_id";
    public static final String ROLE_USER = "user";
    public static final String ROLE_STAFF = "staff";
    public static final String ROLE_ADMIN = "admin";

    private final JsonWebToken jwt;

    public Caller(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public String tenantId() {
        String tenant = jwt.getClaim(TENANT_CLAIM);
        if (tenant == null || tenant.isBlank()) {
            throw ProblemException.forbidden("The token carries no tenant_id claim");
        }
        return tenant;
    }

    public String userId() {
        return jwt.getSubject();
    }

    public Set<String> roles() {
        return jwt.getGroups();
    }

    public boolean isStaff() {
        return roles().contains(ROLE_STAFF) || isAdmin();
    }

    public boolean isAdmin() {
        return roles().contains(ROLE_ADMIN);
    }
}
