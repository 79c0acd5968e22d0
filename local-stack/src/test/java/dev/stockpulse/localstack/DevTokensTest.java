package dev.stockpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class DevTokensTest {

    @Test
    void theTokenCommandMintsTheTenantUserRoleAndLifetimeAskedFor() throws Exception {
        DevTokens.Request request = DevTokens.Request.parse("--tenant", "northwind", "--user", "alice", "--role",
                "staff", "--ttl", "90m");
        assertThat(request).isEqualTo(new DevTokens.Request("northwind", "alice", "staff", Duration.ofMinutes(90)));

        String[] parts = request.mint().split("\\.");
        JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8));
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(claims.path("iss").asText()).isEqualTo(DevTokens.ISSUER);
        assertThat(claims.path("tenant_id").asText()).isEqualTo("northwind");
        assertThat(claims.path("sub").asText()).isEqualTo("alice");
        assertThat(claims.path("groups")).extracting(JsonNode::asText).containsExactlyInAnyOrder("user", "staff");
        assertThat(claims.path("exp").asLong() - Instant.now().getEpochSecond()).isBetween(90 * 60L - 30, 90 * 60L);
    }

    @Test
    void defaultsAreAUserOfTheDemoTenantForTwelveHours() {
        assertThat(DevTokens.Request.parse())
                .isEqualTo(new DevTokens.Request("demo", "demo-user", "user", Duration.ofHours(12)));
        assertThat(DevTokens.Request.parse("--role", "admin", "--ttl", "2d"))
                .isEqualTo(new DevTokens.Request("demo", "demo-admin", "admin", Duration.ofDays(2)));
    }

    @Test
    void badArgumentsAreRefusedNamingTheArgument() {
        assertThatThrownBy(() -> DevTokens.Request.parse("--role", "root")).hasMessageContaining("--role");
        assertThatThrownBy(() -> DevTokens.Request.parse("--ttl", "1 week")).hasMessageContaining("--ttl");
        assertThatThrownBy(() -> DevTokens.Request.parse("--ttl", "0h")).hasMessageContaining("--ttl");
        assertThatThrownBy(() -> DevTokens.Request.parse("--tenant")).hasMessageContaining("--tenant needs a value");
        assertThatThrownBy(() -> DevTokens.Request.parse("--tenant", "a b")).hasMessageContaining("a b");
        assertThatThrownBy(() -> DevTokens.Request.parse("--group", "x")).hasMessageContaining("--group");
    }
}
