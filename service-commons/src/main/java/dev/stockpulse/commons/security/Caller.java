package dev.stockpulse.commons.security;

import java.util.Set;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.stockpulse.commons.problem.ProblemException;

/**
 * Who is calling: user, tenant and roles, read from the verified JWT only. Tenant scoping of every query starts
 * here; a token without a tenant is refused rather than guessed. Both ids are stored (tenant columns hold
 * {@value #MAX_TENANT_LENGTH} characters, the ledger's actor {@value #MAX_USER_LENGTH}), so a token whose ids cannot be
 * stored, or carry control characters PostgreSQL refuses, is refused here instead of failing deep in a transaction.
 */
@RequestScoped
public class Caller {

    public static final String TENANT_CLAIM = "tenant_id";
    public static final String ROLE_USER = "user";
    public static final String ROLE_STAFF = "staff";
    public static final String ROLE_ADMIN = "admin";
    public static final int MAX_TENANT_LENGTH = 64;
    public static final int MAX_USER_LENGTH = 128;

    private final JsonWebToken jwt;

    public Caller(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public String tenantId() {
        String tenant = jwt.getClaim(TENANT_CLAIM);
        if (tenant == null || tenant.isBlank()) {
            throw ProblemException.forbidden("The token carries no tenant_id claim");
        }
        return storable(TENANT_CLAIM, tenant, MAX_TENANT_LENGTH);
    }

    public String userId() {
        String user = jwt.getSubject();
        return user == null ? null : storable("sub", user, MAX_USER_LENGTH);
    }

    private static String storable(String claim, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw ProblemException.forbidden("The token's " + claim + " claim is longer than " + maxLength + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.forbidden("The token's " + claim + " claim contains a control character");
        }
        return value;
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
