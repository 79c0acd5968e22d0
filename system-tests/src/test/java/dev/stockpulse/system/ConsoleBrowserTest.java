package dev.stockpulse.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.FreePorts;
import dev.stockpulse.localstack.LocalStack;
import dev.stockpulse.localstack.LocalSystem;
import dev.stockpulse.localstack.StockPulseService;
import dev.stockpulse.localstack.demo.DemoData;
import dev.stockpulse.localstack.demo.DemoLoader;
import dev.stockpulse.localstack.demo.DemoLoader.LoadedTenant;
import dev.stockpulse.localstack.demo.TrafficSimulator;

/**
 * The operations console in a real browser (Debian's chromium, driven by Playwright) against the three packaged
 * services: one system start for every step, in order, as a store manager would go through them. Each step leaves a
 * screenshot in {@code target/screenshots/}; the last one, with the demo data and traffic, is the README's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Path ROOT = Path.of(System.getProperty("stockpulse.repository.root", "..")).toAbsolutePath().normalize();
    static final Path TARGET = ROOT.resolve("system-tests/target");
    static final Path SCREENSHOTS = TARGET.resolve("screenshots");
    static final List<String> CHROMIUM_ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    static LocalSystem system;
    static Playwright playwright;
    static BrowserContext browser;
    static Page page;
    static final List<String> pageErrors = Collections.synchronizedList(new ArrayList<>());

    static final String TENANT = "console-" + UUID.randomUUID().toString().substring(0, 6);
    static final String MANAGER = DevTokens.admin(TENANT, "olivia");
    static String inventory;
    static String sales;
    static String gateway;
    static String warehouse;
    static String product;

    @BeforeAll
    static void startTheSystemAndTheBrowser() throws Exception {
        Path chromium = Path.of(System.getProperty("stockpulse.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("The browser tests need chromium at " + chromium
                    + ": apt-get install -y chromium (or -Dstockpulse.chromium=<path>)");
        }
        Map<StockPulseService, Integer> ports = new EnumMap<>(StockPulseService.class);
        for (StockPulseService service : StockPulseService.values()) {
            ports.put(service, FreePorts.find());
        }
        String consoleOrigin = "http://localhost:" + ports.get(StockPulseService.GATEWAY);
        // The console's origin is the only one the services' CORS filter lets call them from a browser.
        system = LocalSystem.start(ROOT, LocalStack.shared(), ports, TARGET.resolve("service-logs"),
                step -> System.out.println("[console-test] " + step), Map.of("QUARKUS_HTTP_CORS_ORIGINS", consoleOrigin));
        inventory = system.service(StockPulseService.INVENTORY).baseUrl();
        sales = system.service(StockPulseService.SALES).baseUrl();
        gateway = system.service(StockPulseService.GATEWAY).baseUrl();

        warehouse = JSON.readTree(post(inventory + "/api/warehouses", Map.of("code", "MAIN", "name", "Main store"), 201))
                .path("id").asText();
        product = JSON.readTree(post(inventory + "/api/products", Map.of("sku", "CON-001", "name", "Cordless drill",
                "category", "tools", "unit_price", 89.90, "reorder_level", 10, "reorder_quantity", 40), 201)).path("id").asText();
        adjust(40, "receipt");

        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Path profile = Files.createTempDirectory(TARGET, "chromium-profile-");
        browser = playwright.chromium().launchPersistentContext(profile, new BrowserType.LaunchPersistentContextOptions()
                .setExecutablePath(chromium).setHeadless(true).setArgs(CHROMIUM_ARGS).setViewportSize(1440, 900)
                .setTimeout(60_000));
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
        page = browser.newPage();
        page.setDefaultTimeout(30_000);
        page.onPageError(error -> pageErrors.add(error));
        // The browser's own log, cut short: a failed WebSocket's line carries its whole URL, token included.
        page.onConsoleMessage(message -> System.out.println("[console-test] browser " + message.type() + ": "
                + message.text().substring(0, Math.min(140, message.text().length()))));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void screenshot(TestInfo test) {
        if (page != null) {
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(
                    test.getTestMethod().orElseThrow().getName() + ".png")));
        }
        assertThat(pageErrors).as("uncaught errors in the page").isEmpty();
    }

    @AfterAll
    static void stopEverything() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void theConsoleOpensWithATokenAndShowsTheStock() {
        page.navigate(consoleUrl(MANAGER));

        assertThat(page.locator("#conn")).hasAttribute("data-state", "connected");
        Locator row = stockRow();
        assertThat(row).hasAttribute("data-quantity", "40");
        assertThat(row).hasAttribute("data-priority", "low");
        assertThat(row.locator(".bar .fill")).hasClass("fill p-low");
        assertThat(page.locator("#who")).containsText("olivia");
        // The token left the address bar and lives in the tab's session storage.
        assertThat(page.url()).doesNotContain("token");
        assertThat(page.evaluate("sessionStorage.getItem('stockpulse.console.token')")).isEqualTo(MANAGER);
    }

    @Test
    @Order(2)
    void aStockAdjustmentOverRestChangesTheLevelOnThePage() throws Exception {
        adjust(-25, "sale");

        Locator row = stockRow();
        assertThat(row).hasAttribute("data-quantity", "15");
        assertThat(row.locator("td.stock")).hasText("15");
        // The sparkline has the receipt and the sale: three points (0, 40, 15).
        assertThat(row.locator("svg.spark polyline")).hasAttribute("points",
                Pattern.compile("^\\S+ \\S+ \\S+$"));

        page.locator("#search").fill("no such thing");
        assertThat(row).isHidden();
        page.locator("#search").fill("drill");
        assertThat(row).isVisible();
    }

    @Test
    @Order(3)
    void anAlertIsAcknowledgedFromThePage() throws Exception {
        adjust(-12, "damage"); // 3 left of a reorder level of 10: high

        assertThat(stockRow()).hasAttribute("data-priority", "high");
        Locator card = page.locator(".alert[data-kind='low_stock']").filter(new Locator.FilterOptions().setHasText("CON-001"));
        assertThat(card).hasAttribute("data-status", "raised");
        assertThat(card).containsText("3 in stock");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Acknowledge")).click();

        assertThat(card).hasAttribute("data-status", "acknowledged");
        assertThat(card).containsText("acknowledged by olivia");
        String alertId = card.getAttribute("data-alert-id");
        JsonNode alert = JSON.readTree(get(sales + "/api/alerts/" + alertId).body());
        assertThat(alert.path("status").asText()).isEqualTo("acknowledged");
        assertThat(alert.path("acknowledged_by").asText()).isEqualTo("olivia");
    }

    @Test
    @Order(4)
    void theConsoleSurvivesAGatewayRestartWithTheEventsItMissed() throws Exception {
        assertThat(page.locator("#conn")).hasAttribute("data-state", "connected");
        CompletableFuture<Void> restart = CompletableFuture.runAsync(
                () -> system.restart(StockPulseService.GATEWAY, Duration.ofSeconds(120)));
        try {
            assertThat(page.locator("#conn")).not().hasAttribute("data-state", "connected");
            // While the page is away: a receipt it can only learn of by recovery (a successful one reloads nothing).
            adjust(30, "receipt");
            restart.get(150, TimeUnit.SECONDS);
        } finally {
            restart.cancel(true);
        }

        assertThat(page.locator("#conn")).hasAttribute("data-state", "connected",
                new LocatorAssertions.HasAttributeOptions().setTimeout(90_000));
        assertThat(page.locator("#notices")).containsText("recovered");
        assertThat(stockRow()).hasAttribute("data-quantity", "33");
        // The receipt resolved the alert acknowledged before: it left the open ones for the recently resolved.
        assertThat(page.locator("#resolved")).containsText("low stock · CON-001");
        assertThat(page.locator(".alert").filter(new Locator.FilterOptions().setHasText("CON-001"))).hasCount(0);
        assertThat(page.locator("#notices")).not().containsText("could not be recovered");
    }

    @Test
    @Order(5)
    void whenRecoveryFailsThePageReloadsItsDataAndSaysSo() throws Exception {
        // A position the gateway cannot read: it answers recovered:false, as for a gap too long to replay.
        page.evaluate("key => sessionStorage.setItem(key, 'not-a-position')", "stockpulse.console.position." + TENANT + ".olivia");
        page.navigate("about:blank");
        adjust(2, "count_correction"); // 35, while the page is away
        page.navigate(gateway + "/dashboard/");

        assertThat(page.locator("#conn")).hasAttribute("data-state", "connected");
        assertThat(page.locator("#notices")).containsText("could not be recovered: the page reloaded its data");
        assertThat(stockRow()).hasAttribute("data-quantity", "35");
    }

    @Test
    @Order(6)
    void withTheDemoDataAndTrafficTheConsoleComesAlive() throws Exception {
        String demoTenant = DemoData.TENANTS.get(0);
        List<LoadedTenant> demo = new DemoLoader(inventory).load(
                DemoData.plan(DemoData.DEFAULT_SEED).subList(0, 1), step -> System.out.println("[console-test] " + step));
        try (TrafficSimulator traffic = new TrafficSimulator(demo, DemoData.DEFAULT_SEED, inventory, sales,
                step -> System.out.println("[console-test] " + step)).start(4)) {
            page.evaluate("sessionStorage.clear()");
            page.navigate("about:blank");
            page.navigate(consoleUrl(DevTokens.admin(demoTenant, DemoLoader.ADMIN_USER)));
            assertThat(page.locator("#conn")).hasAttribute("data-state", "connected");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).pollInSameThread().until(() ->
                    page.locator("tr.level").count() >= 30 && page.locator(".alert").count() >= 3
                            && page.locator("#orders tr").count() >= 3 && page.locator("#stats dd").count() > 0);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("console.png")));

            page.locator("tr.level").first().click();
            assertThat(page.locator("#detailBox")).isVisible();
            assertThat(page.locator("#forecastNote")).not().isEmpty();

            // A user (a shopper of the traffic) sees their own orders only, and no alerts.
            String buyer = page.locator("#orders tr td:nth-child(2)").first().textContent();
            Page shopper = browser.newPage();
            try {
                shopper.onPageError(error -> pageErrors.add(error));
                shopper.navigate(consoleUrl(DevTokens.user(demoTenant, buyer)));
                assertThat(shopper.locator("#conn")).hasAttribute("data-state", "connected");
                assertThat(shopper.locator("#ordersTitle")).hasText("My orders");
                assertThat(shopper.locator("#orders tr").first()).isVisible();
                assertThat(shopper.locator("#orders tr td:nth-child(2)").allTextContents()).containsOnly(buyer);
                assertThat(shopper.locator("#alertsBox")).isHidden();
                assertThat(shopper.locator("tr.level").first()).isVisible();
            } finally {
                shopper.close();
            }
        }
    }

    private static Locator stockRow() {
        return page.locator("tr.level[data-sku='CON-001']");
    }

    private static String consoleUrl(String token) {
        return gateway + "/dashboard/?inventory=" + inventory + "&sales=" + sales + "#token=" + token;
    }

    private static void adjust(long quantity, String reason) throws Exception {
        post(inventory + "/api/inventory/adjust", Map.of("product_id", product, "warehouse_id", warehouse,
                "quantity", quantity, "reason", reason), 200);
    }

    private static String post(String url, Map<String, Object> body, int expectedStatus) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + MANAGER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s answered %s", url, response.body()).isEqualTo(expectedStatus);
        return response.body();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + MANAGER).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
