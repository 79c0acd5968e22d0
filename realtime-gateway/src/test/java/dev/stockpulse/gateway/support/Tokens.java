package dev.stockpulse.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

import dev.stockpulse.localstack.DevTokens;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/** Tokens the gateway must refuse, next to the valid ones {@link DevTokens} mints. */
public final class Tokens {

    private Tokens() {
    }

    /** Right issuer and claims, signed by a key nobody trusts. */
    public static String foreignSignature(String tenantId, String userId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            PrivateKey stranger = generator.generateKeyPair().getPrivate();
            return Jwt.issuer(DevTokens.ISSUER).subject(userId).upn(userId).groups(Set.of("user"))
                    .claim("tenant_id", tenantId).expiresIn(Duration.ofHours(1)).sign(stranger);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Expired well beyond the verifier's clock skew allowance. */
    public static String expired(String tenantId, String userId) {
        return DevTokens.token(tenantId, userId, Set.of("user"), Duration.ofMinutes(-10));
    }

    /** Validly signed with the dev key, but naming no tenant. */
    public static String withoutTenant(String userId) {
        // local-stack ships the dev private key; DevTokens always sets a tenant, so this one is signed by hand.
        try (InputStream pem = Tokens.class.getResourceAsStream("/dev-jwt/dev-private-key.pem")) {
            PrivateKey devKey = KeyUtils.decodePrivateKey(new String(pem.readAllBytes(), StandardCharsets.US_ASCII));
            return Jwt.issuer(DevTokens.ISSUER).subject(userId).upn(userId).groups(Set.of("user"))
                    .expiresIn(Duration.ofHours(1)).sign(devKey);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
