package dev.stockpulse.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.RepeatedTest;

import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class WelcomeStressTest extends LiveGatewayTest {

    WelcomeStressTest() {
        super("tenant-stress");
    }

    @RepeatedTest(15)
    void everyConnectionGetsItsWelcome() throws Exception {
        List<CompletableFuture<WsClient>> opening = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String token = DevTokens.user(tenant, "u-" + UUID.randomUUID());
            opening.add(CompletableFuture.supplyAsync(() -> {
                WsClient c = WsClient.connect(vertx, base, "/ws?channels=stock", token);
                try {
                    c.awaitFrame(fr -> "welcome".equals(fr.getString("type")));
                } catch (RuntimeException | AssertionError e) {
                    throw new IllegalStateException("no welcome; closed=" + c.isClosed() + " frames=" + c.frames()
                            + (c.isClosed() ? " code=" + c.awaitClosed() : ""), e);
                }
                return c;
            }));
        }
        int ok = 0;
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<WsClient> f : opening) {
            try {
                WsClient c = f.get(60, TimeUnit.SECONDS);
                ok++;
                c.close();
            } catch (Exception e) {
                failures.add(String.valueOf(e.getCause() == null ? e : e.getCause()));
            }
        }
        assertThat(failures).isEmpty();
        assertThat(ok).isEqualTo(40);
    }
}
