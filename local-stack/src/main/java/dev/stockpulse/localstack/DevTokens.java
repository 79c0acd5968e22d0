package dev.stockpulse.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Mints JWTs signed with the development key. Only the dev, test and local profiles of the services trust this key
 * (its public half ships in service-commons); a prod profile refuses to start with it.
 */
public final class DevTokens {

    /** The issuer that the dev, test and local profiles of every service accept. */
    public static final String ISSUER = "stockpulse-dev";

    private static final PrivateKey KEY = loadKey();

    private DevTokens() {
    }

    public static String token(String tenantId, String userId, Set<String> groups, Duration lifetime) {
        return Jwt.issuer(ISSUER)
                .subject(userId)
                .upn(userId)
                .groups(groups)
                .claim("tenant_id", tenantId)
                .expiresIn(lifetime)
                .jws()
                .keyId("stockpulse-dev")
                .sign(KEY);
    }

    public static String user(String tenantId, String userId) {
        return token(tenantId, userId, Set.of("user"), Duration.ofHours(12));
    }

    public static String staff(String tenantId, String userId) {
        return token(tenantId, userId, Set.of("user", "staff"), Duration.ofHours(12));
    }

    public static String admin(String tenantId, String userId) {
        return token(tenantId, userId, Set.of("user", "staff", "admin"), Duration.ofHours(12));
    }

    private static PrivateKey loadKey() {
        try (InputStream in = DevTokens.class.getResourceAsStream("/dev-jwt/dev-private-key.pem")) {
            if (in == null) {
                throw new IllegalStateException("dev-jwt/dev-private-key.pem is missing from the classpath");
            }
            return KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The development signing key cannot be read", e);
        }
    }
}
