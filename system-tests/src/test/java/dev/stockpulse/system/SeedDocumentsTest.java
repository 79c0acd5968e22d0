package dev.stockpulse.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.FreePorts;
import dev.stockpulse.localstack.LocalStack;
import dev.stockpulse.localstack.LocalSystem;
import dev.stockpulse.localstack.StockPulseService;
import dev.stockpulse.localstack.test.ErpDocument;
import io.socket.client.IO;
import io.socket.client.Socket;

/**
 * Each seed document's own client example, run as its document writes it against the packaged services, with the
 * two changes StockPulse asks for: the host and port, and a token. The clients are real (the JDK's WebSocket as a
 * browser's {@code new WebSocket(url)}, an SSE client that dispatches as {@code EventSource} does, the Java port of
 * {@code socket.io-client}, plain HTTP), and the events come from real changes made through the services' REST APIs.
 */
class SeedDocumentsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration WAIT = Duration.ofSeconds(30);

    static LocalSystem system;
    static String inventory;
    static String gateway;
    static String gatewayWs;

    @BeforeAll
    static void startTheSystem() {
        Path root = Path.of(System.getProperty("stockpulse.repository.root", "..")).toAbsolutePath().normalize();
        Map<StockPulseService, Integer> ports = new EnumMap<>(StockPulseService.class);
        for (StockPulseService service : StockPulseService.values()) {
            ports.put(service, FreePorts.find());
        }
        system = LocalSystem.start(root, LocalStack.shared(), ports,
                root.resolve("system-tests/target/service-logs/seed-documents"),
                step -> System.out.println("[seed-documents] " + step));
        inventory = system.service(StockPulseService.INVENTORY).baseUrl();
        gateway = system.service(StockPulseService.GATEWAY).baseUrl();
        gatewayWs = "ws://localhost:" + system.service(StockPulseService.GATEWAY).port();
    }

    @AfterAll
    static void stopTheSystem() {
        if (system != null) {
            system.close();
        }
    }

    /** Seed 000: the smart-inventory stream's WebSocket, SSE and REST examples. */
    @Test
    void seed000SmartInventoryStream() throws Exception {
        String tenant = tenant("smart");
        String admin = DevTokens.admin(tenant, "manager");
        String token = DevTokens.user(tenant, "viewer");
        Stocked stocked = stocked(admin, 30, 10);

        // new WebSocket('ws://localhost:8000/stream/ws?channels=orders,stock,alerts')
        try (WsClient ws = WsClient.open(gatewayWs + "/stream/ws?channels=orders,stock,alerts&access_token=" + token);
                // new EventSource('/stream/events?channels=orders,alerts'), and one on stock for its stock.low listener
                EventSourceClient alerts = EventSourceClient.open(gateway + "/stream/events?channels=orders,alerts"
                        + "&access_token=" + token);
                EventSourceClient stock = EventSourceClient.open(gateway + "/stream/events?channels=stock"
                        + "&access_token=" + token)) {
            await().atMost(WAIT).until(() -> ws.frames().stream().anyMatch(f -> f.has("type")));
            adjust(admin, stocked, -25, "sale");

            // The React hook keeps frames with type === 'event'; the Python client reads event_type and data.
            JsonNode low = ws.await(f -> "event".equals(f.path("type").asText())
                    && "stock.low".equals(f.path("event_type").asText()), WAIT);
            assertThat(low.path("event_id").asText()).isNotBlank();
            assertThat(low.path("timestamp").asText()).isNotBlank();
            assertThat(low.path("data").path("product_id").asText()).isEqualTo(stocked.product());
            assertThat(low.path("data").path("product_name").asText()).isEqualTo("Yoga Mat");
            assertThat(low.path("data").path("current_stock").asLong()).isEqualTo(5);
            assertThat(low.path("data").path("reorder_threshold").asLong()).isEqualTo(10);
            // The receipt's own event may still be on its way: wait for the sale's.
            JsonNode updated = ws.await(f -> "stock.updated".equals(f.path("event_type").asText())
                    && f.path("data").path("current_stock").asLong() == 5, WAIT);
            assertThat(updated.path("data").path("previous_stock").asLong()).isEqualTo(30);
            assertThat(updated.path("data").path("current_stock").asLong()).isEqualTo(5);

            // eventSource.addEventListener('stock.low', ...) fires; so does onmessage, for every event.
            EventSourceClient.Dispatched named = stock.await(e -> "stock.low".equals(e.name()), WAIT);
            assertThat(JSON.readTree(named.data()).path("data").path("product_id").asText())
                    .isEqualTo(stocked.product());
            stock.await(e -> e.toOnMessage() && "stock.updated".equals(tree(e.data()).path("event_type").asText())
                    && tree(e.data()).path("data").path("current_stock").asLong() == 5, WAIT);
            // sales-service raises an alert on the low stock: the orders,alerts stream's onmessage gets it.
            EventSourceClient.Dispatched alert = alerts.await(e -> e.toOnMessage()
                    && tree(e.data()).path("event_type").asText().startsWith("alert."), WAIT);
            assertThat(JSON.readTree(alert.data()).path("data").path("product_id").asText())
                    .isEqualTo(stocked.product());

            // ws.send({action: 'subscribe', channel: 'forecasts'}), then {action: 'pong'}: accepted, no error frame.
            ws.send("{\"action\":\"subscribe\",\"channel\":\"forecasts\"}");
            ws.send("{\"action\":\"pong\"}");
            ws.await(f -> "subscribed".equals(f.path("type").asText())
                    && f.toString().contains("forecasts"), WAIT);
            assertThat(ws.frames()).noneMatch(f -> "error".equals(f.path("type").asText()));

            // curl http://localhost:8000/stream/status, broadcast/alert and test/emit-event as the document has them
            JsonNode status = JSON.readTree(send("GET", gateway + "/stream/status", token, null, 200));
            assertThat(status.path("websocket").path("connected_clients").asInt()).isEqualTo(1);
            assertThat(status.path("kafka").path("fallback_queue_size").asInt()).isZero();
            send("POST", gateway + "/stream/broadcast/alert?level=warning&title=Low%20Stock"
                    + "&message=Product%20X%20below%20threshold", admin, null, 202);
            JsonNode broadcast = ws.await(f -> "alert.broadcast".equals(f.path("event_type").asText()), WAIT);
            assertThat(broadcast.path("data").path("title").asText()).isEqualTo("Low Stock");
            send("POST", gateway + "/stream/test/emit-event?event_type=stock.updated&product_id=TEST-001"
                    + "&message=Test%20event", admin, null, 202);
            ws.await(f -> "stock.updated".equals(f.path("event_type").asText())
                    && "TEST-001".equals(f.path("data").path("product_id").asText()), WAIT);
            assertThat(JSON.readTree(send("GET", gateway + "/stream/fallback-queue", token, null, 200))
                    .path("queue_size").asInt()).isZero();
        }
    }

    /**
     * Seed 001: a producer that follows the ERP document publishes its own example to {@code inventory-events} as
     * written (its id {@code evt-123456}, its tenant, no Kafka headers, keyed by product as its partitioning advice
     * says): sales-service raises the alert, the gateway delivers the event, and the same record again reaches no
     * client a second time.
     */
    @Test
    void seed001ErpKafkaIntegration() throws Exception {
        String document = ErpDocument.lowStock();
        String staff = DevTokens.staff("tenant-1", "seller-1");
        String sales = system.service(StockPulseService.SALES).baseUrl();
        Properties settings = new Properties();
        settings.put("bootstrap.servers", system.infrastructure().kafkaBootstrapServers());
        settings.put("acks", "all");
        try (WsClient ws = WsClient.open(gatewayWs + "/ws?channels=stock&access_token=" + staff);
                KafkaProducer<String, String> producer =
                        new KafkaProducer<>(settings,
                                new StringSerializer(),
                                new StringSerializer())) {
            await().atMost(WAIT).until(() -> ws.frames().stream()
                    .anyMatch(f -> "welcome".equals(f.path("type").asText())));
            producer.send(new ProducerRecord<>("inventory-events", "PRD-123",
                    document)).get();

            JsonNode delivered = ws.await(f -> "evt-123456".equals(f.path("event_id").asText()), WAIT);
            assertThat(delivered.path("event_type").asText()).isEqualTo("inventory.low_stock");
            assertThat(delivered.path("data").path("product_id").asText()).isEqualTo("PRD-123");
            String alertsOfPrd123 = sales + "/api/alerts?product_id=PRD-123";
            await().atMost(WAIT).until(() -> tree(send("GET", alertsOfPrd123, staff, null, 200))
                    .findValuesAsText("kind").contains("low_stock"));

            // The same record again (a producer's retry), then another: the client gets the other, not the retry.
            producer.send(new ProducerRecord<>("inventory-events", "PRD-123",
                    document)).get();
            String marker = "evt-marker-" + UUID.randomUUID();
            producer.send(new ProducerRecord<>("inventory-events", "PRD-123",
                    document.replace("evt-123456", marker))).get();
            ws.await(f -> marker.equals(f.path("event_id").asText()), WAIT);
            assertThat(ws.frames()).filteredOn(f -> "evt-123456".equals(f.path("event_id").asText())).hasSize(1);
            assertThat(tree(send("GET", alertsOfPrd123, staff, null, 200)).findValuesAsText("kind"))
                    .containsOnlyOnce("low_stock");
        }
    }

    /** Seed 002: the NestJS service's socket.io-client examples, the user's and the admin dashboard's. */
    @Test
    void seed002RealtimeServiceSocketIo() throws Exception {
        String tenant = tenant("nest");
        String admin = DevTokens.admin(tenant, "admin@example.com");
        Stocked stocked = stocked(admin, 40, 5);
        // io('http://localhost:3009', {query: {userId: 'user-123', token}, transports: ['websocket', 'polling']})
        Recorder user = Recorder.connect(gateway, "userId=user-123&token=" + DevTokens.user(tenant, "user-123"));
        Recorder dashboard = Recorder.connect(gateway, "userId=admin@example.com&token=" + admin);
        try {
            user.await("connection:success");
            dashboard.await("connection:success");
            user.socket.emit("subscribe:orders", new JSONObject().put("userId", "user-123"));
            dashboard.socket.emit("subscribe:admin");
            dashboard.socket.emit("request:stats");
            JSONObject stats = dashboard.await("stats");
            assertThat(stats.has("totalConnections")).as(stats.toString()).isTrue();

            adjust(admin, stocked, -3, "sale");
            JSONObject stock = user.await("inventory:updated", update -> update.optLong("stock") == 37);
            assertThat(stock.getString("productId")).isEqualTo(stocked.product());
            assertThat(stock.getLong("stock")).isEqualTo(37);
            assertThat(stock.getLong("previousStock")).isEqualTo(40);

            String body = "{\"lines\":[{\"product_id\":\"" + stocked.product() + "\",\"quantity\":2}]}";
            String sales = system.service(StockPulseService.SALES).baseUrl();
            String userToken = DevTokens.user(tenant, "user-123");
            await().atMost(WAIT).until(() -> status("POST", sales + "/api/orders", userToken, body) == 201);
            JSONObject created = user.await("order:created");
            assertThat(created.getString("userId")).isEqualTo("user-123");
            assertThat(dashboard.await("admin:order:created").getString("orderId"))
                    .isEqualTo(created.getString("orderId"));
            user.await("order:updated");
            user.await("notification");
        } finally {
            user.close();
            dashboard.close();
        }
    }

    /** Seed 003: the React app's real-time hook (inventory:update, alert) and its REST helpers. */
    @Test
    void seed003InventoryAppSocketIo() throws Exception {
        String tenant = tenant("react");
        String admin = DevTokens.admin(tenant, "owner");
        Stocked stocked = stocked(admin, 12, 10);
        Recorder app = Recorder.connect(gateway, "token=" + DevTokens.user(tenant, "clerk"));
        try {
            app.await("connection:success");
            adjust(admin, stocked, -4, "sale");
            JSONObject update = app.await("inventory:update", event -> event.optJSONObject("details") != null
                    && event.optJSONObject("details").optLong("newStock") == 8);
            assertThat(update.getString("type")).isEqualTo("stock_updated");
            assertThat(update.getJSONObject("details").getLong("oldStock")).isEqualTo(12);
            assertThat(update.getJSONObject("details").getLong("newStock")).isEqualTo(8);
            JSONObject alert = app.await("alert", a -> "low_stock".equals(a.optString("type")));
            assertThat(alert.getString("type")).isEqualTo("low_stock");
            assertThat(alert.getLong("currentStock")).isEqualTo(8);
            assertThat(alert.getLong("minStock")).isEqualTo(10);

            JsonNode status = JSON.readTree(send("GET", gateway + "/api/realtime/status",
                    DevTokens.user(tenant, "clerk"), null, 200));
            assertThat(status.path("connectedClients").asInt()).isEqualTo(1);
            send("POST", gateway + "/api/realtime/test-broadcast", admin, "{}", 202);
        } finally {
            app.close();
        }
    }

    /** Seed 004: the Go inventory socket's JavaScript client and its curl adjustment. */
    @Test
    void seed004GoInventorySocket() throws Exception {
        String tenant = tenant("go");
        String admin = DevTokens.admin(tenant, "ops");
        Stocked stocked = stocked(admin, 20, 10);
        // new WebSocket('ws://localhost:3000/ws/inventory')
        try (WsClient ws = WsClient.open(gatewayWs + "/ws/inventory?access_token=" + DevTokens.user(tenant, "ops"))) {
            await().atMost(WAIT).until(() -> ws.frames().stream().anyMatch(f -> f.has("type")));
            // curl -X POST http://localhost:3000/inventory/adjust -d '{"product_id": 1, "warehouse_id": 1,
            // "quantity": -5, "reason": "Sale"}', with the ids StockPulse gave
            send("POST", inventory + "/inventory/adjust", admin, "{\"product_id\":\"" + stocked.product()
                    + "\",\"warehouse_id\":\"" + stocked.warehouse() + "\",\"quantity\":-5,\"reason\":\"Sale\"}", 200);
            send("POST", inventory + "/inventory/adjust", admin, "{\"product_id\":\"" + stocked.product()
                    + "\",\"warehouse_id\":\"" + stocked.warehouse() + "\",\"quantity\":-6,\"reason\":\"Sale\"}", 200);

            JsonNode update = ws.await(f -> "inventory_update".equals(f.path("type").asText())
                    && "adjusted".equals(f.path("action").asText()) && f.path("quantity").asLong() == 15, WAIT);
            assertThat(update.path("product_id").asText()).isEqualTo(stocked.product());
            assertThat(update.path("warehouse_id").asText()).isEqualTo(stocked.warehouse());
            assertThat(update.path("timestamp").asText()).isNotBlank();
            JsonNode low = ws.await(f -> "low_stock_alert".equals(f.path("type").asText()), WAIT);
            assertThat(low.path("product_name").asText()).isEqualTo("Yoga Mat");
            assertThat(low.path("current_quantity").asLong()).isEqualTo(9);
            assertThat(low.path("min_stock").asLong()).isEqualTo(10);
        }
    }

    record Stocked(String warehouse, String product) {
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static String tenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** A warehouse and a product "Yoga Mat" with its reorder level, received in the quantity given. */
    private static Stocked stocked(String admin, int quantity, int reorderLevel) throws Exception {
        String warehouse = JSON.readTree(send("POST", inventory + "/api/warehouses", admin,
                "{\"code\":\"WH-1\",\"name\":\"Main\"}", 201)).path("id").asText();
        String product = JSON.readTree(send("POST", inventory + "/api/products", admin,
                "{\"sku\":\"YOGA-" + UUID.randomUUID().toString().substring(0, 4) + "\",\"name\":\"Yoga Mat\","
                        + "\"category\":\"sports\",\"unit_price\":25.00,\"reorder_level\":" + reorderLevel
                        + ",\"reorder_quantity\":20}", 201)).path("id").asText();
        Stocked stocked = new Stocked(warehouse, product);
        adjust(admin, stocked, quantity, "receipt");
        return stocked;
    }

    private static void adjust(String admin, Stocked stocked, int quantity, String reason) throws Exception {
        send("POST", inventory + "/api/inventory/adjust", admin, "{\"product_id\":\"" + stocked.product()
                + "\",\"warehouse_id\":\"" + stocked.warehouse() + "\",\"quantity\":" + quantity
                + ",\"reason\":\"" + reason + "\"}", 200);
    }

    private static String send(String method, String url, String token, String json, int expected) throws Exception {
        HttpResponse<String> response = exchange(method, url, token, json);
        assertThat(response.statusCode()).as("%s %s answered %s", method, url, response.body()).isEqualTo(expected);
        return response.body();
    }

    private static int status(String method, String url, String token, String json) throws Exception {
        return exchange(method, url, token, json).statusCode();
    }

    private static HttpResponse<String> exchange(String method, String url, String token, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A socket.io-client with the seeds' options, keeping every event's first argument by name. */
    static final class Recorder implements AutoCloseable {

        record Event(String name, Object payload) {
        }

        final Socket socket;
        final List<Event> events = new ArrayList<>();

        private Recorder(Socket socket) {
            this.socket = socket;
            socket.onAnyIncoming(args -> {
                synchronized (events) {
                    events.add(new Event(String.valueOf(args[0]), args.length > 1 ? args[1] : null));
                }
            });
        }

        static Recorder connect(String base, String query) {
            IO.Options options = IO.Options.builder().setForceNew(true).setQuery(query)
                    .setTransports(new String[] {"websocket", "polling"}).setReconnectionDelay(1000)
                    .setReconnectionAttempts(5).build();
            Recorder recorder = new Recorder(IO.socket(URI.create(base), options));
            recorder.socket.connect();
            return recorder;
        }

        JSONObject await(String name) {
            return await(name, payload -> true);
        }

        /** The first event of that name whose payload matches, waiting for it. */
        JSONObject await(String name, Predicate<JSONObject> match) {
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> find(name, match) != null);
            return find(name, match);
        }

        private JSONObject find(String name, Predicate<JSONObject> match) {
            synchronized (events) {
                return events.stream().filter(e -> e.name().equals(name) && e.payload() instanceof JSONObject)
                        .map(e -> (JSONObject) e.payload()).filter(match).findFirst().orElse(null);
            }
        }

        @Override
        public void close() {
            socket.disconnect();
            socket.close();
        }
    }
}
