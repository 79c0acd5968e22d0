package dev.stockpulse.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.FreePorts;
import dev.stockpulse.localstack.Infrastructure;
import dev.stockpulse.localstack.LocalStack;
import dev.stockpulse.localstack.LocalSystem;
import dev.stockpulse.localstack.StockPulseService;

/**
 * The walking skeleton across processes: the three services from their packaged jars, a real broker and database,
 * a stock adjustment over REST, the alert in sales-service, and the event on the WebSocket of the right tenant only.
 */
class LowStockEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static final Path LOGS = Path.of(System.getProperty("stockpulse.repository.root", "..")).toAbsolutePath().normalize()
            .resolve("system-tests/target/service-logs");
    static Infrastructure infrastructure;
    static LocalSystem system;

    @BeforeAll
    static void startTheSystem() {
        Path root = Path.of(System.getProperty("stockpulse.repository.root", "..")).toAbsolutePath().normalize();
        infrastructure = LocalStack.shared();
        Map<StockPulseService, Integer> ports = new EnumMap<>(StockPulseService.class);
        for (StockPulseService service : StockPulseService.values()) {
            ports.put(service, FreePorts.find());
        }
        // The services log as in prod (JSON lines), so the test can read what a log collector would get.
        system = LocalSystem.start(root, infrastructure, ports, LOGS, step -> System.out.println("[system-test] " + step),
                Map.of("STOCKPULSE_LOG_JSON", "true"));
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aLowStockAdjustmentRaisesAnAlertAndReachesOnlyTheSameTenantsWebSocket() throws Exception {
        String tenantA = "acme-" + UUID.randomUUID().toString().substring(0, 6);
        String tenantB = "globex-" + UUID.randomUUID().toString().substring(0, 6);
        String adminA = DevTokens.admin(tenantA, "alice");
        String adminB = DevTokens.admin(tenantB, "bob");
        int gatewayPort = system.service(StockPulseService.GATEWAY).port();

        try (WsClient clientA = WsClient.connect(gatewayPort, DevTokens.user(tenantA, "ann"), "stock");
                WsClient clientB = WsClient.connect(gatewayPort, DevTokens.user(tenantB, "ben"), "all")) {
            clientA.await(f -> "welcome".equals(f.path("type").asText()), Duration.ofSeconds(10));
            clientB.await(f -> "welcome".equals(f.path("type").asText()), Duration.ofSeconds(10));

            String traceId = UUID.randomUUID().toString().replace("-", "");
            String productA = lowStockScenario(adminA, "00-" + traceId + "-a1b2c3d4e5f60718-01");

            JsonNode delivered = clientA.await(f -> "inventory.low_stock".equals(f.path("event_type").asText()),
                    Duration.ofSeconds(30));
            assertThat(delivered.path("type").asText()).isEqualTo("event");
            assertThat(delivered.path("channel").asText()).isEqualTo("stock");
            assertThat(delivered.path("priority").asText()).isEqualTo("high");
            assertThat(delivered.path("position").asText()).isNotBlank();
            assertThat(delivered.path("data").path("product_id").asText()).isEqualTo(productA);
            assertThat(delivered.path("data").path("current_stock").asLong()).isEqualTo(4);
            String lowStockEventId = delivered.path("event_id").asText();

            String salesUrl = system.service(StockPulseService.SALES).baseUrl();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode alerts = JSON.readTree(get(salesUrl + "/api/alerts", adminA).body());
                return alerts.isArray() && alerts.size() == 1
                        && productA.equals(alerts.get(0).path("product_id").asText())
                        && "high".equals(alerts.get(0).path("priority").asText());
            });
            assertLoggedAsJsonWithTheEvent(lowStockEventId, tenantA, traceId);

            // Tenant B's own low-stock event reaches B: the gateway was delivering to B all along, yet nothing of A's came.
            String productB = lowStockScenario(adminB);
            clientB.await(f -> productB.equals(f.path("data").path("product_id").asText())
                    && "inventory.low_stock".equals(f.path("event_type").asText()), Duration.ofSeconds(30));
            assertThat(clientB.frames()).noneMatch(f -> productA.equals(f.path("data").path("product_id").asText()));
            assertThat(clientB.frames()).filteredOn(f -> "event".equals(f.path("type").asText()))
                    .allMatch(f -> tenantB.equals(f.path("tenant_id").asText()));
            assertThat(clientA.frames()).noneMatch(f -> productB.equals(f.path("data").path("product_id").asText()));
            // sales-service consumes in parallel with the gateway: wait for its alert rather than assume it is there.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode alertsOfB = JSON.readTree(get(salesUrl + "/api/alerts", adminB).body());
                return alertsOfB.isArray() && alertsOfB.size() == 1
                        && productB.equals(alertsOfB.get(0).path("product_id").asText());
            });
        }
    }

    @Test
    void anOrderIsReservedConfirmedAndDeliveredAndTheBuyerSeesEachStepLive() throws Exception {
        String tenant = "initech-" + UUID.randomUUID().toString().substring(0, 6);
        String admin = DevTokens.admin(tenant, "ada");
        String buyerToken = DevTokens.user(tenant, "buyer-7");
        String product = lowStockScenario(admin); // 4 in stock
        int gatewayPort = system.service(StockPulseService.GATEWAY).port();
        String sales = system.service(StockPulseService.SALES).baseUrl();
        String inventory = system.service(StockPulseService.INVENTORY).baseUrl();

        try (WsClient buyer = WsClient.connect(gatewayPort, buyerToken, "orders,notifications")) {
            buyer.await(f -> "welcome".equals(f.path("type").asText()), Duration.ofSeconds(10));
            String body = "{\"lines\":[{\"product_id\":\"" + product + "\",\"quantity\":3}]}";
            // sales-service learns products from inventory's events; until then the product is not orderable (422).
            HttpResponse<String> created = await().atMost(Duration.ofSeconds(30)).until(
                    () -> postRaw(sales + "/api/orders", buyerToken, body), r -> r.statusCode() == 201);
            String orderId = JSON.readTree(created.body()).path("id").asText();

            JsonNode confirmed = buyer.await(f -> "sales.order.confirmed".equals(f.path("event_type").asText()),
                    Duration.ofSeconds(30));
            assertThat(confirmed.path("channel").asText()).isEqualTo("orders");
            assertThat(confirmed.path("data").path("order_id").asText()).isEqualTo(orderId);
            assertThat(JSON.readTree(get(sales + "/api/orders/" + orderId, buyerToken).body()).path("status").asText())
                    .isEqualTo("confirmed");
            JsonNode levels = JSON.readTree(get(inventory + "/api/inventory/products/" + product + "/stock", admin).body());
            assertThat(levels.get(0).path("quantity").asLong()).isEqualTo(1);
            JsonNode told = buyer.await(f -> "sales.notification".equals(f.path("event_type").asText()),
                    Duration.ofSeconds(30));
            assertThat(told.path("channel").asText()).isEqualTo("notifications");
            assertThat(told.path("data").path("title").asText()).isEqualTo("Order confirmed");

            post(sales + "/api/orders/" + orderId + "/deliver", admin, Map.of(), 200);
            JsonNode delivered = buyer.await(f -> "sales.order.delivered".equals(f.path("event_type").asText()),
                    Duration.ofSeconds(30));
            assertThat(delivered.path("data").path("order_id").asText()).isEqualTo(orderId);
        }
    }

    /**
     * sales-service writes JSON lines only, and the line about the alert it raised carries the low-stock event's id and
     * tenant, and the trace of the REST call that caused it (REST → inventory outbox → Kafka → sales consumer).
     */
    private static void assertLoggedAsJsonWithTheEvent(String eventId, String tenant, String traceId) throws Exception {
        Path log = LOGS.resolve(StockPulseService.SALES.moduleName() + ".log");
        JsonNode line = await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(log).stream()
                .filter(text -> text.startsWith("{")).map(LowStockEndToEndTest::json)
                .filter(json -> json.path("message").asText().startsWith("Alert ")
                        && eventId.equals(json.path("event_id").asText()))
                .findFirst().orElse(null), found -> found != null);
        assertThat(line.path("tenant_id").asText()).isEqualTo(tenant);
        assertThat(line.path("event_type").asText()).isEqualTo("inventory.low_stock");
        assertThat(line.path("service").asText()).isEqualTo("sales-service");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("traceId").asText()).as("the trace of the REST call that lowered the stock").isEqualTo(traceId);
        // JVM warnings may precede logging; everything the service logs is JSON.
        assertThat(Files.readAllLines(log)).filteredOn(text -> !text.isBlank() && !text.startsWith("OpenJDK"))
                .allSatisfy(text -> assertThat(json(text).path("message").isTextual()).as(text).isTrue());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not a JSON log line: " + text, e);
        }
    }

    /** Creates a warehouse and a product with reorder level 10, receives 30 and writes off 26: 4 left, priority high. */
    private String lowStockScenario(String token) throws Exception {
        return lowStockScenario(token, null);
    }

    /** As above; the write-off that lowers the stock carries the W3C trace context given (null: none). */
    private String lowStockScenario(String token, String traceparent) throws Exception {
        String inventory = system.service(StockPulseService.INVENTORY).baseUrl();
        String warehouse = JSON.readTree(post(inventory + "/api/warehouses", token,
                Map.of("code", "WH-A", "name", "Warehouse A"), 201)).path("id").asText();
        String product = JSON.readTree(post(inventory + "/api/products", token, Map.of("sku", "LAP-001",
                "name", "Laptop Computer", "category", "electronics", "unit_price", 1200.00, "reorder_level", 10,
                "reorder_quantity", 50), 201)).path("id").asText();
        post(inventory + "/api/inventory/adjust", token, Map.of("product_id", product, "warehouse_id", warehouse,
                "quantity", 30, "reason", "receipt"), 200);
        JsonNode adjusted = JSON.readTree(post(inventory + "/api/inventory/adjust", token, Map.of("product_id", product,
                "warehouse_id", warehouse, "quantity", -26, "reason", "damage"), 200, traceparent));
        assertThat(adjusted.path("current_quantity").asLong()).isEqualTo(4);
        return product;
    }

    private static String post(String url, String token, Map<String, Object> body, int expectedStatus) throws Exception {
        return post(url, token, body, expectedStatus, null);
    }

    private static String post(String url, String token, Map<String, Object> body, int expectedStatus, String traceparent)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s answered %s", url, response.body()).isEqualTo(expectedStatus);
        return response.body();
    }

    private static HttpResponse<String> postRaw(String url, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
