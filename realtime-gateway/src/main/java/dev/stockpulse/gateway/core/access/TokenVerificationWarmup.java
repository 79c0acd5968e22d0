package dev.stockpulse.gateway.core.access;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Runs token verification once at start, before the Kafka consumer begins rebuilding the recovery buffers (and so
 * before the gateway turns ready). What the first verification does once (the token parser's bean and its key
 * resolver, the configured key loaded, jose4j's algorithm registry built by scanning the security providers, the
 * JSON and RSA code loaded) would otherwise fall on the first connections after a start, on the event loops, where
 * every client of a restarted instance comes back at once: recorded with {@code GatewayBench --mode=storm --jfr=true},
 * it held an event loop for 2.5 s and the others waited on its locks.
 *
 * <p>The token goes through the same {@link JWTParser} the upgrade uses, with the configured key, and carries a
 * random signature: it is refused at the signature check, which it must reach. Nothing is trusted or kept.
 */
@ApplicationScoped
public class TokenVerificationWarmup {

    private static final Logger LOG = Logger.getLogger(TokenVerificationWarmup.class);
    /** An RS256 signature of a 2048-bit key, the size of the keys this gateway is given. */
    private static final int SIGNATURE_BYTES = 256;

    private final JWTParser parser;
    private final Optional<String> issuer;

    public TokenVerificationWarmup(JWTParser parser,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer) {
        this.parser = parser;
        this.issuer = issuer;
    }

    /** What the warm-up reached: the configured key's signature check (the whole verification but the claims). */
    public record Outcome(boolean reachedSignatureCheck, long millis) {
    }

    // Before the consumer's own StartupEvent observer (default priority), which starts the rebuild.
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        Outcome outcome = run();
        LOG.infof("Token verification warmed up in %d ms (signature check reached: %s)", outcome.millis(),
                outcome.reachedSignatureCheck());
    }

    public Outcome run() {
        long start = System.nanoTime();
        boolean reached;
        try {
            parser.parse(token());
            throw new IllegalStateException("a token with a random signature was accepted");
        } catch (ParseException refused) {
            reached = signatureInvalid(refused);
            if (!reached) {
                LOG.debugf(refused, "The warm-up token was refused before its signature was checked");
            }
        }
        return new Outcome(reached, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private String token() {
        long now = System.currentTimeMillis() / 1000;
        String claims = "{" + issuer.map(iss -> "\"iss\":\"" + iss.replace("\"", "") + "\",").orElse("")
                + "\"sub\":\"gateway-warmup\",\"upn\":\"gateway-warmup\",\"tenant_id\":\"gateway-warmup\","
                + "\"groups\":[\"user\"],\"iat\":" + now + ",\"exp\":" + (now + 60) + "}";
        byte[] signature = new byte[SIGNATURE_BYTES];
        new SecureRandom().nextBytes(signature);
        // Below any 2048-bit modulus, so that the RSA operation runs and the check fails on what it computes.
        signature[0] = 0;
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + base64.encodeToString(signature);
    }

    private static boolean signatureInvalid(Throwable refused) {
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid && invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
                return true;
            }
        }
        return false;
    }
}
