package dev.stockpulse.commons.security;

import java.util.Optional;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses to start a service in the prod profile that would trust the development signing key, or that has no
 * key at all: tokens minted by {@code run-local.sh} must never open a production system.
 */
@ApplicationScoped
public class DevKeyGuard {

    public static final String DEV_KEY_RESOURCE = "META-INF/stockpulse/dev-jwt-public-key.pem";
    public static final String DEV_ISSUER = "stockpulse-dev";

    void check(@Observes StartupEvent event,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> inlineKey,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer) {
        boolean prod = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles().contains("prod");
        if (!prod) {
            return;
        }
        if (keyLocation.isEmpty() && inlineKey.isEmpty()) {
            throw new IllegalStateException("No JWT verification key in the prod profile: set MP_JWT_VERIFY_PUBLICKEY_LOCATION"
                    + " (and MP_JWT_VERIFY_ISSUER) to your identity provider's key.");
        }
        if (keyLocation.filter(l -> l.contains("dev-jwt-public-key")).isPresent()
                || issuer.filter(DEV_ISSUER::equals).isPresent()) {
            throw new IllegalStateException("The prod profile refuses the development JWT key/issuer. Set"
                    + " MP_JWT_VERIFY_PUBLICKEY_LOCATION and MP_JWT_VERIFY_ISSUER to your identity provider's values.");
        }
    }
}
