package dev.stockpulse.inventory.stock.service;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.stockpulse.commons.idempotency.IdempotencyKeys;
import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.commons.outbox.OutboxWriter;
import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.inventory.config.InventoryConfig;
import dev.stockpulse.inventory.product.Product;
import dev.stockpulse.inventory.stock.StockReason;
import dev.stockpulse.inventory.stock.service.StockEventFactory.Cause;
import dev.stockpulse.inventory.stock.service.StockService.AdjustmentResult;
import dev.stockpulse.inventory.warehouse.Warehouse;

/**
 * Executes REST stock adjustments ({@code POST /api/inventory/adjust}) directly on the reactive PostgreSQL client, in
 * one transaction on a connection of the pool Hibernate Reactive uses, with the rules of {@link StockRules}:
 * <ol>
 * <li>{@link #LOCK} reads the product and the warehouse of the tenant and creates-or-locks the level in one
 * statement, and {@link #UNITS_SOLD} is sent right behind it without waiting (pipelined on the connection, so it
 * runs after the lock is held and sees every change committed before);</li>
 * <li>the rules decide in memory: 404, 409 {@code insufficient-stock}, or the new level, ledger line and events;</li>
 * <li>the level update, the ledger insert and the outbox inserts ({@link OutboxWriter}'s statement) are sent together,
 * then the transaction commits and the relay is woken.</li>
 * </ol>
 * With an {@code Idempotency-Key} the key is claimed first and the answer remembered last ({@link IdempotencyKeys}), in
 * the same transaction. Concurrent adjustments of one level queue on its row lock, so none is lost.
 *
 * <p>Why not Hibernate here: for this one hot transaction it built and flushed entities and sent each statement in a
 * round trip of its own through the event loops (8–10 per adjustment), several times the CPU PostgreSQL spends on the
 * same SQL. Reservations keep Hibernate ({@link StockService#change}): same rules, same events.
 */
@ApplicationScoped
public class StockAdjustments {

    /** A signed change of the stock of one product in one warehouse, as asked over REST. */
    public record Adjustment(String tenantId, String actor, String correlationId, UUID productId, UUID warehouseId,
            long quantity, StockReason reason) {
    }

    /**
     * The tenant's live product and its warehouse, and their level created at zero if absent and locked for the rest
     * of the transaction. {@code ON CONFLICT DO UPDATE} (a no-op update) rather than {@code DO NOTHING}: it locks and
     * returns the newest version of a level another transaction has just created or changed, which a select in the
     * same statement could not see. One row always; a missing product or warehouse leaves its columns null and
     * creates nothing.
     */
    static final String LOCK = """
            WITH p AS (SELECT id, sku, name, category, unit_price, reorder_level, reorder_quantity FROM product
                        WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL),
                 w AS (SELECT id, code, name FROM warehouse WHERE id = $3 AND tenant_id = $2),
                 l AS (INSERT INTO stock_level (id, tenant_id, product_id, warehouse_id, quantity, updated_at)
                       SELECT $4, $2, p.id, w.id, 0, $5 FROM p, w
                       ON CONFLICT (product_id, warehouse_id) DO UPDATE SET quantity = stock_level.quantity
                       RETURNING id, quantity, alert_priority)
            SELECT p.id AS product_id, p.sku, p.name AS product_name, p.category, p.unit_price, p.reorder_level,
                   p.reorder_quantity, w.id AS warehouse_id, w.code AS warehouse_code, w.name AS warehouse_name,
                   l.id AS level_id, l.quantity, l.alert_priority
              FROM (VALUES (1)) AS one LEFT JOIN p ON true LEFT JOIN w ON true LEFT JOIN l ON true""";

    /** The demand window's units sold before this change, as {@code StockMovementRepository.unitsSold} reads it. */
    static final String UNITS_SOLD = """
            SELECT coalesce(sum(-delta), 0) FROM stock_movement
             WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3 AND reason = ANY($4) AND delta < 0
               AND created_at >= $5""";

    static final String UPDATE_LEVEL = "UPDATE stock_level SET quantity = $1, alert_priority = $2, updated_at = $3 WHERE id = $4";

    static final String INSERT_MOVEMENT = """
            INSERT INTO stock_movement (id, tenant_id, product_id, warehouse_id, previous_quantity, new_quantity, delta,
                                        reason, actor, correlation_id, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""";

    private static final String[] DEMAND_REASONS = StockReason.DEMAND.stream().map(StockReason::wireName)
            .toArray(String[]::new);

    private final Pool pool;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final StockRules rules;
    private final InventoryConfig config;
    private final IdempotencyKeys keys;

    public StockAdjustments(Pool pool, OutboxWriter outbox, OutboxRelay relay, StockRules rules, InventoryConfig config,
            ObjectMapper json) {
        this.pool = pool;
        this.outbox = outbox;
        this.relay = relay;
        this.rules = rules;
        this.config = config;
        this.keys = new IdempotencyKeys(json);
    }

    /**
     * Applies the adjustment in a transaction of its own. With an idempotency key, the same key and request twice
     * apply once and answer the first answer; the same key with another request is a 422.
     */
    public Uni<AdjustmentResult> adjust(Adjustment adjustment, String idempotencyKey) {
        if (idempotencyKey == null) {
            return pool.withTransaction(connection -> adjustIn(connection, adjustment)).invoke(relay::signal);
        }
        String request = adjustment.productId() + "|" + adjustment.warehouseId() + "|" + adjustment.quantity() + "|"
                + adjustment.reason().wireName();
        return pool.withTransaction(connection -> keys.once(connection, adjustment.tenantId(), idempotencyKey, request,
                AdjustmentResult.class, () -> adjustIn(connection, adjustment)))
                .invoke(relay::signal);
    }

    private Uni<AdjustmentResult> adjustIn(SqlConnection connection, Adjustment a) {
        Instant now = Instant.now();
        Uni<Row> locked = connection.preparedQuery(LOCK)
                .execute(Tuple.of(a.productId(), a.tenantId(), a.warehouseId(), UUID.randomUUID(), utc(now)))
                .map(rows -> rows.iterator().next());
        Uni<Long> soldBefore = connection.preparedQuery(UNITS_SOLD)
                .execute(Tuple.of(a.tenantId(), a.productId(), a.warehouseId(), DEMAND_REASONS,
                        utc(now.minus(config.demandWindowDays(), ChronoUnit.DAYS))))
                .map(rows -> rows.iterator().next().getLong(0));
        // Both subscribed at once, in this order: the connection sends them back to back.
        return Uni.combine().all().unis(locked, soldBefore).asTuple().flatMap(read -> {
            Row row = read.getItem1();
            if (row.getUUID("product_id") == null) {
                throw ProblemException.notFound("Product", a.productId());
            }
            if (row.getUUID("warehouse_id") == null) {
                throw ProblemException.notFound("Warehouse", a.warehouseId());
            }
            Product product = product(row, a.tenantId());
            Warehouse warehouse = warehouse(row, a.tenantId());
            StockRules.Decision decision = rules.decide(new Cause(a.tenantId(), a.correlationId(), null), a.actor(),
                    product, warehouse, row.getLong("quantity"), row.getString("alert_priority"), a.quantity(),
                    a.reason(), read.getItem2());
            return write(connection, row.getUUID("level_id"), decision).replaceWith(decision.result());
        });
    }

    /** The new level, the ledger line and the events, sent together; the outbox rows keep the decision's order. */
    private Uni<Void> write(SqlConnection connection, UUID levelId, StockRules.Decision decision) {
        var m = decision.movement();
        OffsetDateTime at = utc(m.createdAt);
        List<Uni<?>> writes = new ArrayList<>();
        writes.add(connection.preparedQuery(UPDATE_LEVEL)
                .execute(Tuple.of(m.newQuantity, decision.alertPriority(), at, levelId)));
        writes.add(connection.preparedQuery(INSERT_MOVEMENT).execute(Tuple.from(Arrays.asList(m.id, m.tenantId,
                m.productId, m.warehouseId, m.previousQuantity, m.newQuantity, m.delta, m.reason, m.actor,
                m.correlationId, at))));
        for (var event : decision.events()) {
            writes.add(outbox.append(connection, event, m.productId.toString()));
        }
        return Uni.combine().all().unis(writes).discardItems();
    }

    private static Product product(Row row, String tenantId) {
        Product product = new Product();
        product.id = row.getUUID("product_id");
        product.tenantId = tenantId;
        product.sku = row.getString("sku");
        product.name = row.getString("product_name");
        product.category = row.getString("category");
        product.unitPrice = row.getBigDecimal("unit_price");
        product.reorderLevel = row.getLong("reorder_level");
        product.reorderQuantity = row.getLong("reorder_quantity");
        return product;
    }

    private static Warehouse warehouse(Row row, String tenantId) {
        Warehouse warehouse = new Warehouse();
        warehouse.id = row.getUUID("warehouse_id");
        warehouse.tenantId = tenantId;
        warehouse.code = row.getString("warehouse_code");
        warehouse.name = row.getString("warehouse_name");
        return warehouse;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
