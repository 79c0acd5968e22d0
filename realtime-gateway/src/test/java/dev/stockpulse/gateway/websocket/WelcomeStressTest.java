package dev.stockpulse.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.RepeatedTest;

import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every connection of a burst of concurrent ones gets its welcome frame. Uses the JDK's WebSocket client, which keeps
 * the bytes it read past the handshake's 101 answer (a frame sent right after the upgrade can arrive in that read).
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class WelcomeStressTest extends LiveGatewayTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    WelcomeStressTest() {
        super("tenant-stress");
    }

    @RepeatedTest(50)
    void everyConnectionGetsItsWelcome() throws Exception {
        List<CompletableFuture<String>> welcomes = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String token = DevTokens.user(tenant, "u-" + UUID.randomUUID());
            CompletableFuture<String> first = new CompletableFuture<>();
            WebSocket.Listener listener = new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        first.complete(text.toString());
                        text.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }
            };
            sockets.add(HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws?channels=stock"), listener)
                    .get(20, TimeUnit.SECONDS));
            welcomes.add(first);
        }
        List<String> missing = new ArrayList<>();
        for (CompletableFuture<String> welcome : welcomes) {
            try {
                assertThat(welcome.get(20, TimeUnit.SECONDS)).contains("\"welcome\"");
            } catch (Exception e) {
                missing.add(e.toString());
            }
        }
        sockets.forEach(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        assertThat(missing).isEmpty();
    }
}
