package dev.stockpulse.gateway.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * Makes verifying the token of a user whose name starts with {@link #PREFIX} take {@link #DELAY}, as verifying
 * against an identity provider's key set fetched over the network can: long enough for a test client to leave while
 * its token is being verified. Every other user is verified as usual. Counts the verifications it delayed.
 */
@ApplicationScoped
public class SlowTokenVerification implements SecurityIdentityAugmentor {

    public static final String PREFIX = "slow-verify-";
    public static final Duration DELAY = Duration.ofMillis(500);
    private static final AtomicInteger FINISHED = new AtomicInteger();

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !identity.getPrincipal().getName().startsWith(PREFIX)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(identity).onItem().delayIt().by(DELAY)
                .invoke(FINISHED::incrementAndGet);
    }

    /** How many delayed verifications have finished so far. */
    public static int finished() {
        return FINISHED.get();
    }
}
