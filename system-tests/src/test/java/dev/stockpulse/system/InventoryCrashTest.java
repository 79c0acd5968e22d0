package dev.stockpulse.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.StockUpdatedPayload;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.FreePorts;
import dev.stockpulse.localstack.Infrastructure;
import dev.stockpulse.localstack.LocalStack;
import dev.stockpulse.localstack.LocalSystem;
import dev.stockpulse.localstack.ServiceProcess;
import dev.stockpulse.localstack.StockPulseService;
import dev.stockpulse.localstack.test.TopicReader;

/**
 * inventory-service is killed (SIGKILL) while adjustments stream in, and started again: every change that was
 * committed reaches Kafka, none is lost, whatever moment the kill hit.
 */
class InventoryCrashTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void nothingCommittedIsLostWhenTheServiceIsKilledMidStream() throws Exception {
        Path root = Path.of(System.getProperty("stockpulse.repository.root", "..")).toAbsolutePath().normalize();
        Path logs = root.resolve("system-tests/target/service-logs/crash");
        Infrastructure infra = LocalStack.shared();
        infra.createDatabase("inventory");
        int port = FreePorts.find();
        String base = "http://localhost:" + port;
        String tenant = "crash-" + UUID.randomUUID().toString().substring(0, 6);
        String token = DevTokens.staff(tenant, "clerk");

        ServiceProcess first = start(root, infra, port, logs);
        String warehouse = JSON.readTree(post(base + "/api/warehouses", token, "{\"code\":\"WH\",\"name\":\"Main\"}").body())
                .path("id").asText();
        String product = JSON.readTree(post(base + "/api/products", token, "{\"sku\":\"CR-1\",\"name\":\"Crate\","
                + "\"unit_price\":3,\"reorder_level\":5,\"reorder_quantity\":10}").body()).path("id").asText();

        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        String body = "{\"product_id\":\"" + product + "\",\"warehouse_id\":\"" + warehouse
                + "\",\"quantity\":1,\"reason\":\"receipt\"}";
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                try {
                    HttpResponse<String> response = post(base + "/api/inventory/adjust", token, body);
                    if (response.statusCode() == 200) {
                        acknowledged.add(JSON.readTree(response.body()).path("movement_id").asText());
                    }
                } catch (Exception serviceIsDown) {
                    // the kill: keep trying until told to stop
                }
            }
        });
        awaitAtLeast(acknowledged, 30);
        first.kill();
        int acknowledgedBeforeKill = acknowledged.size();
        ServiceProcess second = start(root, infra, port, logs);
        try {
            awaitAtLeast(acknowledged, acknowledgedBeforeKill + 20);
            stop.set(true);
            stream.join();

            Set<String> committed = committedMovements(infra, product);
            assertThat(committed).containsAll(acknowledged);
            try (TopicReader reader = TopicReader.fromBeginning(infra.kafkaBootstrapServers(), Topics.INVENTORY_EVENTS)) {
                List<ConsumerRecord<String, String>> updates = reader.awaitCount(
                        r -> "inventory.stock.updated".equals(TopicReader.header(r, EventHeaders.EVENT_TYPE))
                                && r.key().endsWith(":" + product), committed.size(), Duration.ofSeconds(60));
                Set<String> published = new HashSet<>();
                long previous = -1;
                for (ConsumerRecord<String, String> r : updates) {
                    StockUpdatedPayload p = EventCodec.decode(r.value(), StockUpdatedPayload.class).payload();
                    if (published.add(p.movementId())) {
                        assertThat(p.currentQuantity()).as("per-product order").isGreaterThan(previous);
                        previous = p.currentQuantity();
                    }
                }
                assertThat(published).containsExactlyInAnyOrderElementsOf(committed);
            }
        } finally {
            stop.set(true);
            second.close();
        }
    }

    private static ServiceProcess start(Path root, Infrastructure infra, int port, Path logs) {
        ServiceProcess process = ServiceProcess.start(StockPulseService.INVENTORY, StockPulseService.INVENTORY.jar(root),
                port, LocalSystem.environment(StockPulseService.INVENTORY, infra), logs);
        process.awaitReady(Duration.ofSeconds(120));
        return process;
    }

    private static Set<String> committedMovements(Infrastructure infra, String product) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl("inventory"), infra.username(), infra.password());
                PreparedStatement s = c.prepareStatement("SELECT id FROM stock_movement WHERE product_id = ?")) {
            s.setObject(1, UUID.fromString(product));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static void awaitAtLeast(ConcurrentLinkedQueue<String> acknowledged, int count) {
        await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= count);
    }

    private static HttpResponse<String> post(String url, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
