package dev.stockpulse.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Mints JWTs signed with the development key. Only the dev, test and local profiles of the services trust this key
 * (its public half ships in service-commons); a prod profile refuses to start with it. Tests call it; for the compose
 * stack or {@code ./run-local.sh}, {@link #main} prints one.
 */
public final class DevTokens {

    /** The issuer that the dev, test and local profiles of every service accept. */
    public static final String ISSUER = "stockpulse-dev";

    private static final PrivateKey KEY = loadKey();
    private static final Duration LIFETIME = Duration.ofHours(12);
    /** The groups of each role: every staff member is a user too, every admin a staff member. */
    private static final Map<String, Set<String>> ROLES = Map.of(
            "user", Set.of("user"),
            "staff", Set.of("user", "staff"),
            "admin", Set.of("user", "staff", "admin"));

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
        return token(tenantId, userId, ROLES.get("user"), LIFETIME);
    }

    public static String staff(String tenantId, String userId) {
        return token(tenantId, userId, ROLES.get("staff"), LIFETIME);
    }

    public static String admin(String tenantId, String userId) {
        return token(tenantId, userId, ROLES.get("admin"), LIFETIME);
    }

    /**
     * Prints a token: {@code [user|staff|admin] [tenant] [user-id] [hours]}, by default an admin of tenant
     * {@code demo}, user {@code demo-<role>}, for 12 hours. Run from the repository root after
     * {@code ./mvnw -B -q -DskipTests package -pl local-stack -am}:
     * {@code java -cp 'local-stack/target/classes:local-stack/target/lib/*' dev.stockpulse.localstack.DevTokens admin demo demo-admin}.
     */
    public static void main(String[] args) {
        String role = args.length > 0 ? args[0] : "admin";
        String tenant = args.length > 1 ? args[1] : "demo";
        String user = args.length > 2 ? args[2] : "demo-" + role;
        String hours = args.length > 3 ? args[3] : "12";
        if (!ROLES.containsKey(role) || args.length > 4) {
            fail("usage: DevTokens [user|staff|admin] [tenant] [user-id] [hours]");
        }
        for (String value : List.of(tenant, user)) {
            if (!value.matches("[A-Za-z0-9._-]+")) {
                fail("tenant and user id may contain only letters, digits, '.', '_' and '-': " + value);
            }
        }
        if (!hours.matches("[0-9]{1,6}")) {
            fail("hours must be a whole number: " + hours);
        }
        System.out.println(token(tenant, user, ROLES.get(role), Duration.ofHours(Long.parseLong(hours))));
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
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
