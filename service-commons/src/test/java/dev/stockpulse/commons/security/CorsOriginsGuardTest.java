package dev.stockpulse.commons.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CorsOriginsGuardTest {

    @Test
    void namedOriginsAndNoneAtAllPass() {
        assertThat(CorsOriginsGuard.refusal(List.of())).isEmpty();
        assertThat(CorsOriginsGuard.refusal(List.of("https://ops.example.com", "http://localhost:8083"))).isEmpty();
        assertThat(CorsOriginsGuard.refusal(List.of("/https://[a-z]+\\.example\\.com/"))).isEmpty();
    }

    @Test
    void aWildcardOrTheNullOriginIsRefused() {
        assertThat(CorsOriginsGuard.refusal(List.of("https://ops.example.com", " * "))).get().asString()
                .contains("quarkus.http.cors.origins=*").contains("QUARKUS_HTTP_CORS_ORIGINS");
        assertThat(CorsOriginsGuard.refusal(List.of("null"))).isPresent();
    }

    @Test
    void aPatternThatAdmitsAnyOriginIsRefused() {
        assertThat(CorsOriginsGuard.refusal(List.of("/.*/"))).get().asString().contains("admits any origin");
        assertThat(CorsOriginsGuard.refusal(List.of("/https?://.+/"))).isPresent();
        assertThat(CorsOriginsGuard.refusal(List.of("/[/"))).get().asString().contains("not a regular expression");
    }
}
