package dev.stockpulse.gateway.support;

import java.net.URI;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.Vertx;

/**
 * What the gateway tests against the real broker share: a producer of contract events, a gateway that has read to
 * the end of the topics before the test starts (so nothing of an earlier test arrives late), a fresh tenant per
 * test (so nothing another test produced can be mistaken for this one's), and connected clients.
 */
public abstract class LiveGatewayTest {

    @TestHTTPResource("/")
    protected URI base;

    @Inject
    protected Vertx vertx;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrapServers;

    protected TestEvents events;
    protected String tenant;

    private final String tenantPrefix;

    protected LiveGatewayTest(String tenantPrefix) {
        this.tenantPrefix = tenantPrefix;
    }

    @BeforeEach
    void startProducing() {
        events = new TestEvents(bootstrapServers);
        events.awaitGatewayAtTail(base);
        tenant = freshTenant(tenantPrefix);
    }

    @AfterEach
    void stopProducing() {
        events.close();
    }

    protected static String freshTenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A WebSocket client that has received its welcome frame. */
    protected WsClient connect(String pathAndQuery, String token) {
        WsClient client = WsClient.connect(base, pathAndQuery, token);
        client.awaitFrame(f -> "welcome".equals(f.getString("type")));
        return client;
    }
}
