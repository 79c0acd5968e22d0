package dev.stockpulse.commons.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final long HOUR = 3_600_000L;

    @Test
    void aTokenIsFoundUntilTheVerifierWouldRefuseItsExpiry() {
        VerifiedTokens tokens = new VerifiedTokens(10, 24 * HOUR, 0, null);
        long exp = NOW / 1000 + 60;
        tokens.remember("a", jwt(exp, NOW / 1000), NOW);

        assertThat(tokens.find("a", exp * 1000 - 1)).isNotNull();
        assertThat(tokens.find("a", exp * 1000)).as("jose4j refuses once now - skew >= exp, in whole seconds").isNull();
        assertThat(tokens.size()).as("the expired entry is dropped").isZero();
    }

    @Test
    void theClockSkewExtendsItAsTheVerifierDoes() {
        VerifiedTokens tokens = new VerifiedTokens(10, 24 * HOUR, 60, null);
        long exp = NOW / 1000 + 5;
        tokens.remember("a", jwt(exp, NOW / 1000), NOW);

        assertThat(tokens.find("a", (exp + 60) * 1000 - 1)).isNotNull();
        assertThat(tokens.find("a", (exp + 60) * 1000)).isNull();
    }

    @Test
    void theAllowedTokenAgeEndsItEarlier() {
        VerifiedTokens tokens = new VerifiedTokens(10, 24 * HOUR, 60, 300L);
        long iat = NOW / 1000 - 100;
        tokens.remember("a", jwt(NOW / 1000 + 3600, iat), NOW);

        assertThat(tokens.find("a", (iat + 300) * 1000 + 999)).as("now - iat <= age, in whole seconds").isNotNull();
        assertThat(tokens.find("a", (iat + 301) * 1000)).isNull();
    }

    @Test
    void theMaxAgeEndsALongLivedToken() {
        VerifiedTokens tokens = new VerifiedTokens(10, 60_000, 60, null);
        tokens.remember("a", jwt(NOW / 1000 + 24 * 3600, NOW / 1000), NOW);

        assertThat(tokens.find("a", NOW + 59_999)).isNotNull();
        assertThat(tokens.find("a", NOW + 60_000)).isNull();
    }

    @Test
    void aTokenVerifiedJustBeforeItsEndIsNotRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(10, HOUR, 0, null);
        tokens.remember("late", jwt(NOW / 1000, NOW / 1000 - 10), NOW);

        assertThat(tokens.size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedTokenIsForgottenPastTheMaxSize() {
        VerifiedTokens tokens = new VerifiedTokens(3, HOUR, 0, null);
        for (String token : new String[] { "a", "b", "c" }) {
            tokens.remember(token, jwt(NOW / 1000 + 600, NOW / 1000), NOW);
        }
        assertThat(tokens.find("a", NOW)).isNotNull();

        tokens.remember("d", jwt(NOW / 1000 + 600, NOW / 1000), NOW);

        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.find("b", NOW)).as("least recently used").isNull();
        assertThat(tokens.find("a", NOW)).isNotNull();
        assertThat(tokens.find("c", NOW)).isNotNull();
        assertThat(tokens.find("d", NOW)).isNotNull();
    }

    @Test
    void onlyTheSameTextFindsAToken() {
        VerifiedTokens tokens = new VerifiedTokens(10, HOUR, 0, null);
        JsonWebToken verified = jwt(NOW / 1000 + 600, NOW / 1000);
        tokens.remember("header.payload.signature", verified, NOW);

        assertThat(tokens.find(new String("header.payload.signature"), NOW)).isSameAs(verified);
        assertThat(tokens.find("header.payload.signaturf", NOW)).isNull();
        assertThat(tokens.find("header.payload.signature ", NOW)).isNull();
        assertThat(tokens.find("header.paylaod.signature", NOW)).isNull();
    }

    private static JsonWebToken jwt(long exp, long iat) {
        Map<String, Object> claims = Map.of("exp", exp, "iat", iat);
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "user";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @SuppressWarnings("unchecked")
            @Override
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
    }
}
