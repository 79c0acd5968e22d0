package dev.stockpulse.gateway.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The warm-up's token goes through the gateway's own parser with the configured key up to the signature check (so
 * everything before it, the key and the algorithm registry included, has run once), and is refused there.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class TokenVerificationWarmupTest {

    @Inject
    TokenVerificationWarmup warmup;

    @Test
    void reachesTheConfiguredKeysSignatureCheckAndIsRefusedThere() {
        TokenVerificationWarmup.Outcome outcome = warmup.run();

        assertThat(outcome.reachedSignatureCheck()).as("refused for its signature, not before").isTrue();
    }
}
