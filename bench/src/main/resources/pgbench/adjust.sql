-- One POST /api/inventory/adjust (+1, reason receipt, no Idempotency-Key) as inventory-service runs it on the reactive
-- SQL client (StockAdjustments), statement for statement and in its order: the statement that reads the product and
-- the warehouse and creates-or-locks the level, the demand-window read, the level update, the ledger insert and the
-- outbox insert, in one transaction. The only difference: the product is read by its (tenant, SKU) unique index
-- instead of its primary key, because pgbench picks it by number (so the demand window reads the id it returned).
-- Not included: the relay's own statements per event (its lock, batch read and sent_at update).
-- Variables from EndToEndBench: tenant, warehouse, products (its SKUs are E2E-00000 ...).
\set p random(0, :products - 1)
BEGIN;
WITH p AS (SELECT id, sku, name, category, unit_price, reorder_level, reorder_quantity FROM product
            WHERE tenant_id = :tenant AND sku = 'E2E-' || lpad(:p::text, 5, '0') AND deleted_at IS NULL),
     w AS (SELECT id, code, name FROM warehouse WHERE id = :warehouse AND tenant_id = :tenant),
     l AS (INSERT INTO stock_level (id, tenant_id, product_id, warehouse_id, quantity, updated_at)
           SELECT gen_random_uuid(), :tenant, p.id, w.id, 0, now() FROM p, w
           ON CONFLICT (product_id, warehouse_id) DO UPDATE SET quantity = stock_level.quantity
           RETURNING id, quantity, alert_priority)
SELECT p.id AS product_id, p.sku, p.name AS product_name, p.category, p.unit_price, p.reorder_level,
       p.reorder_quantity, w.id AS warehouse_id, w.code AS warehouse_code, w.name AS warehouse_name,
       l.id AS level_id, l.quantity, l.alert_priority
  FROM (VALUES (1)) AS one LEFT JOIN p ON true LEFT JOIN w ON true LEFT JOIN l ON true \gset l_
SELECT coalesce(sum(-delta), 0) FROM stock_movement
 WHERE tenant_id = :tenant AND product_id = :l_product_id AND warehouse_id = :warehouse
   AND reason = ANY('{sale,reservation}') AND delta < 0 AND created_at >= now() - interval '14 days';
\set nq :l_quantity + 1
UPDATE stock_level SET quantity = :nq, alert_priority = NULL, updated_at = now() WHERE id = :l_level_id;
INSERT INTO stock_movement (id, tenant_id, product_id, warehouse_id, previous_quantity, new_quantity, delta,
                            reason, actor, correlation_id, created_at)
VALUES (gen_random_uuid(), :tenant, :l_product_id, :warehouse, :l_quantity, :nq, 1, 'receipt', 'bench-admin',
        '00000000-0000-0000-0000-000000000000', now());
INSERT INTO outbox_event (event_id, tenant_id, event_type, topic, record_key, priority, payload, traceparent, created_at)
VALUES (gen_random_uuid(), :tenant, 'inventory.stock.updated', 'inventory-events', :tenant || ':' || :l_product_id, 'low',
        '{"metadata":{"event_id":"00000000-0000-0000-0000-000000000000","event_type":"inventory.stock.updated","schema_version":1,"occurred_at":"2026-12-05T06:00:00.000000Z","tenant_id":"e2e-000000","source":"inventory-service","correlation_id":"00000000-0000-0000-0000-000000000000","priority":"low"},"data":{"product_id":"00000000-0000-0000-0000-000000000000","product_sku":"E2E-00000","warehouse_id":"00000000-0000-0000-0000-000000000000","previous_quantity":0,"current_quantity":1,"delta":1,"reason":"receipt","movement_id":"00000000-0000-0000-0000-000000000000"}}',
        '00-00000000000000000000000000000000-0000000000000000-01', clock_timestamp());
COMMIT;
