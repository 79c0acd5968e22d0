package dev.stockpulse.localstack.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo data {@code run-local.sh} loads: two tenants, each with warehouses, a few dozen products with reorder
 * levels, their stock and some sales. Pure and deterministic: the same seed gives the same plan, so a person who
 * reports what they saw can be given the same data again.
 */
public final class DemoData {

    /** The tenants; {@code demo} first, the one run-local.sh prints tokens for. */
    public static final List<String> TENANTS = List.of("demo", "northwind");

    public static final long DEFAULT_SEED = 20261205L;

    public record Warehouse(String code, String name, String location) {
    }

    public record Product(String sku, String name, String category, BigDecimal unitPrice, int reorderLevel,
            int reorderQuantity) {
    }

    /** A signed change of one product's stock in one warehouse, with the inventory's reason. */
    public record Movement(String sku, String warehouseCode, long quantity, String reason) {
    }

    /** A tenant's data; {@code movements} in the order they are to be applied (receipts first, then sales). */
    public record Tenant(String id, List<Warehouse> warehouses, List<Product> products, List<Movement> movements) {
    }

    private static final String[][] CATALOGUE = {
        { "electronics", "Laptop 14\"", "Monitor 27\"", "USB-C dock", "Wireless mouse", "Mechanical keyboard", "Webcam HD",
            "Noise-cancelling headset", "Portable SSD 1 TB" },
        { "grocery", "Espresso beans 1 kg", "Green tea 100 bags", "Oat milk 1 l", "Dark chocolate 100 g",
            "Sparkling water 6-pack", "Pasta 500 g", "Olive oil 750 ml" },
        { "home", "Desk lamp", "Office chair", "Standing desk", "Storage box", "Wall clock", "Extension lead 4-way" },
        { "apparel", "Rain jacket", "Wool socks", "Running shoes", "Cotton t-shirt", "Fleece hoodie" },
        { "office", "A4 paper 500 sheets", "Ballpoint pens 10-pack", "Sticky notes", "Stapler", "Whiteboard markers",
            "Notebook A5" },
    };

    private static final List<Warehouse> WAREHOUSES = List.of(
            new Warehouse("WH-MAIN", "Main warehouse", "Rotterdam"),
            new Warehouse("WH-EAST", "East depot", "Leipzig"),
            new Warehouse("WH-SOUTH", "South depot", "Lyon"));

    private DemoData() {
    }

    public static List<Tenant> plan(long seed) {
        Random random = new Random(seed);
        List<Tenant> tenants = new ArrayList<>();
        for (String tenant : TENANTS) {
            tenants.add(tenant(tenant, random));
        }
        return tenants;
    }

    private static Tenant tenant(String id, Random random) {
        List<Warehouse> warehouses = WAREHOUSES.subList(0, 2 + random.nextInt(2));
        String prefix = id.substring(0, 2).toUpperCase();
        List<Product> products = new ArrayList<>();
        List<Movement> receipts = new ArrayList<>();
        List<Movement> sales = new ArrayList<>();
        int n = 0;
        for (String[] category : CATALOGUE) {
            for (int i = 1; i < category.length; i++) {
                n++;
                int reorderLevel = 5 + random.nextInt(36);
                BigDecimal price = BigDecimal.valueOf(2 + random.nextInt(400) + random.nextInt(100) / 100.0)
                        .setScale(2, RoundingMode.HALF_UP);
                Product product = new Product("%s-%s-%03d".formatted(prefix, category[0].substring(0, 3).toUpperCase(), n),
                        category[i], category[0], price, reorderLevel, reorderLevel * (2 + random.nextInt(3)));
                products.add(product);
                int stocked = 1 + random.nextInt(warehouses.size());
                for (int w = 0; w < stocked; w++) {
                    stock(product, warehouses.get(w).code(), n == 3 && w == 0, random, receipts, sales);
                }
            }
        }
        List<Movement> movements = new ArrayList<>(receipts);
        movements.addAll(sales);
        return new Tenant(id, List.copyOf(warehouses), List.copyOf(products), List.copyOf(movements));
    }

    /**
     * One product's stock in one warehouse: a receipt, then a few sales down to its final level. Most levels end
     * well above the reorder level, some under it (a low-stock alert at once), and {@code soldOut} at zero.
     */
    private static void stock(Product product, String warehouse, boolean soldOut, Random random, List<Movement> receipts,
            List<Movement> sales) {
        int level = product.reorderLevel();
        double roll = random.nextDouble();
        long end;
        if (soldOut) {
            end = 0;
        } else if (roll < 0.08) {
            end = 1 + random.nextInt(2);
        } else if (roll < 0.25) {
            end = Math.max(1, Math.round(level * (0.4 + 0.6 * random.nextDouble())));
        } else {
            end = Math.round(level * (1.5 + 2.5 * random.nextDouble()));
        }
        int saleCount = 2 + random.nextInt(5);
        List<Long> sold = new ArrayList<>();
        for (int i = 0; i < saleCount; i++) {
            sold.add(1L + random.nextInt(Math.max(1, level / 4)));
        }
        long totalSold = sold.stream().mapToLong(Long::longValue).sum();
        receipts.add(new Movement(product.sku(), warehouse, end + totalSold, "receipt"));
        for (long quantity : sold) {
            sales.add(new Movement(product.sku(), warehouse, -quantity, "sale"));
        }
    }
}
