package dev.stockpulse.localstack.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.demo.DemoData.Movement;
import dev.stockpulse.localstack.demo.DemoData.Product;
import dev.stockpulse.localstack.demo.DemoData.Tenant;
import dev.stockpulse.localstack.demo.DemoData.Warehouse;

/**
 * Loads {@link DemoData} into running services through inventory-service's public REST API, as an admin of each
 * tenant would: warehouses, products, receipts, sales. The events those cause raise the first alerts in sales-service
 * and reach the gateway like any others.
 */
public final class DemoLoader {

    /** The ids the services gave a loaded tenant's data, for the traffic that follows. */
    public record LoadedTenant(String id, Map<String, String> warehouseIds, List<LoadedProduct> products) {
    }

    /** A loaded product with its known level per warehouse id. */
    public record LoadedProduct(String id, Product product, Map<String, Long> levels) {
    }

    public static final String ADMIN_USER = "demo-admin";

    private static final int PARALLEL_PRODUCTS = 6;

    private final Rest rest = new Rest();
    private final String inventoryUrl;

    public DemoLoader(String inventoryUrl) {
        this.inventoryUrl = inventoryUrl;
    }

    public List<LoadedTenant> load(List<Tenant> plan, Consumer<String> progress) {
        List<LoadedTenant> loaded = new ArrayList<>();
        for (Tenant tenant : plan) {
            loaded.add(load(tenant));
            progress.accept("demo data for tenant " + tenant.id() + ": " + tenant.warehouses().size() + " warehouses, "
                    + tenant.products().size() + " products, " + tenant.movements().size() + " stock movements");
        }
        return loaded;
    }

    private LoadedTenant load(Tenant tenant) {
        String token = DevTokens.admin(tenant.id(), ADMIN_USER);
        Map<String, String> warehouseIds = new LinkedHashMap<>();
        for (Warehouse w : tenant.warehouses()) {
            String id = created(rest.post(inventoryUrl + "/api/warehouses", token,
                    Map.of("code", w.code(), "name", w.name(), "location", w.location())), "warehouse " + w.code());
            warehouseIds.put(w.code(), id);
        }
        Map<String, LoadedProduct> products = new LinkedHashMap<>();
        for (Product p : tenant.products()) {
            Map<String, Object> body = new HashMap<>();
            body.put("sku", p.sku());
            body.put("name", p.name());
            body.put("category", p.category());
            body.put("unit_price", p.unitPrice());
            body.put("reorder_level", p.reorderLevel());
            body.put("reorder_quantity", p.reorderQuantity());
            String id = created(rest.post(inventoryUrl + "/api/products", token, body), "product " + p.sku());
            products.put(p.sku(), new LoadedProduct(id, p, new ConcurrentHashMap<>()));
        }
        Map<String, List<Movement>> bySku = new LinkedHashMap<>();
        tenant.movements().forEach(m -> bySku.computeIfAbsent(m.sku(), sku -> new ArrayList<>()).add(m));
        // One product's movements in their order, several products at once: a receipt must come before the sales
        // it pays for, and nothing else orders them.
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_PRODUCTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<Movement> movements : bySku.values()) {
                done.add(pool.submit(() -> movements.forEach(m -> apply(m, products.get(m.sku()),
                        warehouseIds.get(m.warehouseCode()), token))));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading demo data", e);
        } finally {
            pool.shutdownNow();
        }
        // In the plan's warehouse order, so that the traffic's choices depend on the seed, not on the ids' hashes.
        List<LoadedProduct> ordered = new ArrayList<>();
        for (LoadedProduct p : products.values()) {
            Map<String, Long> levels = new LinkedHashMap<>();
            warehouseIds.values().stream().filter(p.levels()::containsKey).forEach(w -> levels.put(w, p.levels().get(w)));
            ordered.add(new LoadedProduct(p.id(), p.product(), levels));
        }
        return new LoadedTenant(tenant.id(), warehouseIds, List.copyOf(ordered));
    }

    private void apply(Movement m, LoadedProduct product, String warehouseId, String token) {
        Rest.Answer answer = rest.post(inventoryUrl + "/api/inventory/adjust", token, Map.of(
                "product_id", product.id(), "warehouse_id", warehouseId, "quantity", m.quantity(),
                "reason", m.reason()));
        require(answer, "adjusting " + m.sku() + " in " + m.warehouseCode());
        product.levels().put(warehouseId, answer.body().path("current_quantity").asLong());
    }

    private static String created(Rest.Answer answer, String what) {
        require(answer, "creating " + what);
        return answer.body().path("id").asText();
    }

    private static void require(Rest.Answer answer, String what) {
        if (!answer.ok()) {
            throw new IllegalStateException(what + " failed with " + answer.status() + ": " + answer.body());
        }
    }
}
