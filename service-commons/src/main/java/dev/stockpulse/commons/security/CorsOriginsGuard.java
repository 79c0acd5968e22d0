package dev.stockpulse.commons.security;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;

/**
 * Refuses to start a service in the prod profile whose CORS settings would let any web page call its API with a
 * user's token: {@code quarkus.http.cors.origins} must name the origins (the operations console's address), never
 * {@code *}, {@code null} or a pattern that admits an origin nobody named. Unset is fine: same origin only.
 */
@ApplicationScoped
public class CorsOriginsGuard {

    /** An origin no deployment names: a pattern that admits it admits anything. */
    static final String FOREIGN_ORIGIN = "https://not-an-allowed-origin.invalid";

    void check(@Observes StartupEvent event,
            @ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> origins) {
        boolean prod = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles().contains("prod");
        if (prod) {
            refusal(origins.orElse(List.of())).ifPresent(why -> {
                throw new IllegalStateException(why);
            });
        }
    }

    /** Why these allowed origins are refused in prod, if they are. */
    static Optional<String> refusal(List<String> origins) {
        for (String origin : origins) {
            String entry = origin.trim();
            if (entry.equals("*") || entry.equalsIgnoreCase("null")) {
                return Optional.of("The prod profile refuses quarkus.http.cors.origins=" + entry
                        + ": set QUARKUS_HTTP_CORS_ORIGINS to the console's origins, e.g. https://ops.example.com");
            }
            if (entry.length() > 1 && entry.startsWith("/") && entry.endsWith("/")) {
                String regex = entry.substring(1, entry.length() - 1);
                try {
                    if (Pattern.compile(regex).matcher(FOREIGN_ORIGIN).matches()) {
                        return Optional.of("The prod profile refuses the CORS origin pattern " + entry
                                + ": it admits any origin (" + FOREIGN_ORIGIN + " among them)");
                    }
                } catch (PatternSyntaxException e) {
                    return Optional.of("The CORS origin pattern " + entry + " is not a regular expression: " + e.getDescription());
                }
            }
        }
        return Optional.empty();
    }
}
