package dev.stockpulse.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Mints JWTs signed with the development key. Only the dev, test and local profiles of the services trust this key
 * (its public half ships in service-commons); a prod profile refuses to start with it. Tests call it;
 * {@code ./run-local.sh token} prints one through {@link #main}.
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

    /**
     * A token issued at {@code issuedAt} that expires at {@code expiresAt}: one that is already past its {@code exp}
     * but still inside the verifier's clock skew, as tests of expiry need without waiting out the skew.
     */
    public static String token(String tenantId, String userId, Set<String> groups, Instant issuedAt, Instant expiresAt) {
        return Jwt.issuer(ISSUER)
                .subject(userId)
                .upn(userId)
                .groups(groups)
                .claim("tenant_id", tenantId)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
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
     * Prints a token ({@code ./run-local.sh token} runs this):
     * {@code --tenant T --user U [--role user|staff|admin] [--ttl 12h]}; the tenant defaults to {@code demo}, the
     * user to {@code demo-<role>}, the role to {@code user}, the lifetime to 12 hours ({@code 90s}, {@code 30m},
     * {@code 8h}, {@code 7d}).
     */
    public static void main(String[] args) {
        Request request;
        try {
            request = Request.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: ./run-local.sh token --tenant T --user U [--role user|staff|admin] [--ttl 12h]");
            System.exit(2);
            return;
        }
        System.out.println(request.mint());
    }

    /** What {@link #main} was asked for. */
    public record Request(String tenant, String user, String role, Duration ttl) {

        private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
        private static final Pattern TTL = Pattern.compile("([1-9][0-9]{0,5})([smhd])");

        public static Request parse(String... args) {
            Map<String, String> flags = new HashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                String flag = args[i];
                if (!List.of("--tenant", "--user", "--role", "--ttl").contains(flag)) {
                    throw new IllegalArgumentException("unknown argument: " + flag);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                flags.put(flag, args[i + 1]);
            }
            String role = flags.getOrDefault("--role", "user");
            if (!ROLES.containsKey(role)) {
                throw new IllegalArgumentException("--role must be user, staff or admin: " + role);
            }
            String tenant = flags.getOrDefault("--tenant", "demo");
            String user = flags.getOrDefault("--user", "demo-" + role);
            for (String value : List.of(tenant, user)) {
                if (!ID.matcher(value).matches()) {
                    throw new IllegalArgumentException(
                            "tenant and user: 1 to 64 letters, digits, '.', '_', '@' or '-': " + value);
                }
            }
            Matcher ttl = TTL.matcher(flags.getOrDefault("--ttl", "12h"));
            if (!ttl.matches()) {
                throw new IllegalArgumentException("--ttl is a whole number and a unit, s, m, h or d (e.g. 30m, 8h): "
                        + flags.get("--ttl"));
            }
            long amount = Long.parseLong(ttl.group(1));
            Duration lifetime = switch (ttl.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return new Request(tenant, user, role, lifetime);
        }

        public String mint() {
            return token(tenant, user, ROLES.get(role), ttl);
        }
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
