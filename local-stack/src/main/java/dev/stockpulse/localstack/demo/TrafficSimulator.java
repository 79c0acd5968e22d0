package dev.stockpulse.localstack.demo;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.demo.DemoLoader.LoadedProduct;
import dev.stockpulse.localstack.demo.DemoLoader.LoadedTenant;

/**
 * A store's day, sped up: sales, receipts when a level falls to its reorder level, orders by a handful of shoppers,
 * deliveries, and now and then a sale that empties a shelf. Everything goes through the services' public REST APIs,
 * so what the console and the gateway show is what real clients would cause.
 */
public final class TrafficSimulator implements AutoCloseable {

    public enum Kind {
        SALE, STOCKOUT, RECEIPT, ORDER, DELIVERY
    }

    /** One thing to do. {@code lines} maps product ids to quantities for an order. */
    public record Step(Kind kind, String tenant, LoadedProduct product, String warehouseId, long quantity, String user,
            Map<String, Long> lines) {
    }

    private static final int SHOPPERS = 5;

    private final List<LoadedTenant> tenants;
    private final Random random;
    private final String inventoryUrl;
    private final String salesUrl;
    private final Consumer<String> progress;
    private final Rest rest = new Rest();
    private final Map<Kind, Integer> done = new EnumMap<>(Kind.class);
    private int failed;
    private String lastFailure = "";
    private ScheduledExecutorService scheduler;

    public TrafficSimulator(List<LoadedTenant> tenants, long seed, String inventoryUrl, String salesUrl,
            Consumer<String> progress) {
        this.tenants = tenants;
        this.random = new Random(seed);
        this.inventoryUrl = inventoryUrl;
        this.salesUrl = salesUrl;
        this.progress = progress;
    }

    /** Runs {@code perSecond} steps a second, on its own thread, and reports what it did once a minute. */
    public TrafficSimulator start(double perSecond) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-traffic");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(this::runOne, 0, Math.max(1, Math.round(1_000_000 / perSecond)),
                TimeUnit.MICROSECONDS);
        scheduler.scheduleAtFixedRate(this::report, 60, 60, TimeUnit.SECONDS);
        return this;
    }

    /** The next step, from the levels known so far; pure apart from the random source. */
    public static Step next(Random random, List<LoadedTenant> tenants) {
        LoadedTenant tenant = tenants.get(random.nextInt(tenants.size()));
        double roll = random.nextDouble();
        if (roll < 0.25) {
            List<LoadedProduct> low = tenant.products().stream()
                    .filter(p -> p.levels().values().stream().anyMatch(l -> l <= p.product().reorderLevel()))
                    .toList();
            if (!low.isEmpty()) {
                LoadedProduct product = low.get(random.nextInt(low.size()));
                String warehouse = product.levels().entrySet().stream()
                        .filter(e -> e.getValue() <= product.product().reorderLevel())
                        .findFirst().orElseThrow().getKey();
                return new Step(Kind.RECEIPT, tenant.id(), product, warehouse, product.product().reorderQuantity(),
                        DemoLoader.ADMIN_USER, Map.of());
            }
        }
        if (roll >= 0.25 && roll < 0.40) {
            Map<String, Long> lines = new LinkedHashMap<>();
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                LoadedProduct product = tenant.products().get(random.nextInt(tenant.products().size()));
                lines.put(product.id(), 1L + random.nextInt(3));
            }
            return new Step(Kind.ORDER, tenant.id(), null, null, 0, "shopper-" + (1 + random.nextInt(SHOPPERS)), lines);
        }
        if (roll >= 0.40 && roll < 0.45) {
            return new Step(Kind.DELIVERY, tenant.id(), null, null, 0, DemoLoader.ADMIN_USER, Map.of());
        }
        List<LoadedProduct> inStock = tenant.products().stream()
                .filter(p -> p.levels().values().stream().anyMatch(l -> l > 0)).toList();
        if (inStock.isEmpty()) {
            return new Step(Kind.DELIVERY, tenant.id(), null, null, 0, DemoLoader.ADMIN_USER, Map.of());
        }
        LoadedProduct product = inStock.get(random.nextInt(inStock.size()));
        List<Map.Entry<String, Long>> stocked = product.levels().entrySet().stream().filter(e -> e.getValue() > 0)
                .toList();
        Map.Entry<String, Long> level = stocked.get(random.nextInt(stocked.size()));
        if (random.nextDouble() < 0.03) {
            return new Step(Kind.STOCKOUT, tenant.id(), product, level.getKey(), level.getValue(),
                    DemoLoader.ADMIN_USER, Map.of());
        }
        long quantity = Math.min(level.getValue(), 1 + random.nextInt(Math.max(1, product.product().reorderLevel() / 6)));
        return new Step(Kind.SALE, tenant.id(), product, level.getKey(), quantity, DemoLoader.ADMIN_USER, Map.of());
    }

    private void runOne() {
        Step step = next(random, tenants);
        try {
            boolean ok = switch (step.kind()) {
                case SALE, STOCKOUT -> adjust(step, -step.quantity(), "sale");
                case RECEIPT -> adjust(step, step.quantity(), "receipt");
                case ORDER -> order(step);
                case DELIVERY -> deliver(step);
            };
            synchronized (done) {
                if (ok) {
                    done.merge(step.kind(), 1, Integer::sum);
                }
            }
        } catch (RuntimeException e) {
            // A service stopped or restarting (ctl) is part of the show: keep going, say so in the next report.
            synchronized (done) {
                failed++;
                lastFailure = e.getMessage();
            }
        }
    }

    private boolean adjust(Step step, long quantity, String reason) {
        String token = DevTokens.staff(step.tenant(), step.user());
        Rest.Answer answer = rest.post(inventoryUrl + "/api/inventory/adjust", token, Map.of(
                "product_id", step.product().id(), "warehouse_id", step.warehouseId(), "quantity", quantity,
                "reason", reason));
        if (answer.ok()) {
            step.product().levels().put(step.warehouseId(), answer.body().path("current_quantity").asLong());
            return true;
        }
        if ("insufficient-stock".equals(answer.problem())) {
            refreshLevels(step.product(), token);
            return false;
        }
        throw new IllegalStateException(reason + " answered " + answer.status() + " " + answer.problem());
    }

    /** Orders reserve stock behind the simulator's back; after a refusal it reads the real levels. */
    private void refreshLevels(LoadedProduct product, String token) {
        Rest.Answer answer = rest.get(inventoryUrl + "/api/inventory/products/" + product.id() + "/stock", token);
        if (answer.ok()) {
            answer.body().forEach(level -> product.levels()
                    .put(level.path("warehouse_id").asText(), level.path("quantity").asLong()));
        }
    }

    private boolean order(Step step) {
        List<Map<String, Object>> lines = new ArrayList<>();
        step.lines().forEach((product, quantity) -> lines.add(Map.of("product_id", product, "quantity", quantity)));
        Rest.Answer answer = rest.post(salesUrl + "/api/orders", DevTokens.user(step.tenant(), step.user()),
                Map.of("lines", lines));
        // A product sales-service has not heard of yet is refused; the next order will do.
        return answer.ok();
    }

    private boolean deliver(Step step) {
        String token = DevTokens.staff(step.tenant(), step.user());
        Rest.Answer confirmed = rest.get(salesUrl + "/api/orders?status=confirmed&size=1", token);
        if (!confirmed.ok()) {
            throw new IllegalStateException("listing orders answered " + confirmed.status());
        }
        if (confirmed.body().isEmpty()) {
            return false;
        }
        String id = confirmed.body().get(0).path("id").asText();
        return rest.post(salesUrl + "/api/orders/" + id + "/deliver", token, Map.of()).ok();
    }

    private void report() {
        synchronized (done) {
            progress.accept("traffic in the last minute: " + done.getOrDefault(Kind.SALE, 0) + " sales, "
                    + done.getOrDefault(Kind.STOCKOUT, 0) + " stockouts, " + done.getOrDefault(Kind.RECEIPT, 0)
                    + " receipts, " + done.getOrDefault(Kind.ORDER, 0) + " orders, "
                    + done.getOrDefault(Kind.DELIVERY, 0) + " deliveries"
                    + (failed > 0 ? "; " + failed + " calls failed, the last: " + lastFailure : ""));
            done.clear();
            failed = 0;
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
