-- One POST /api/inventory/adjust (+1, reason receipt, no Idempotency-Key) as inventory-service runs it, statement for
-- statement and in its order (from its SQL log, QUARKUS_HIBERNATE_ORM_LOG_SQL=true): product and warehouse reads, the
-- level's insert-if-missing and row lock, the ledger insert, the level update (Hibernate flushes both before the
-- demand-window query), the demand-window read and the outbox insert, in one transaction. The only difference: the
-- product is read by its (tenant, SKU) unique index instead of its primary key, because pgbench picks it by number.
-- Not included: the relay's own statements per event (its lock, batch read and sent_at update).
-- Variables from EndToEndBench: tenant, warehouse, products (its SKUs are E2E-00000 ...).
\set p random(0, :products - 1)
BEGIN;
SELECT id, active, category, created_at, deleted_at, name, reorder_level, reorder_quantity, sku, tenant_id, unit_price,
       updated_at
  FROM product WHERE tenant_id = :tenant AND sku = 'E2E-' || lpad(:p::text, 5, '0') AND deleted_at IS NULL
  OFFSET 0 ROWS FETCH FIRST 1 ROWS ONLY \gset p_
SELECT id, code, created_at, location, name, tenant_id FROM warehouse WHERE id = :warehouse AND tenant_id = :tenant
  OFFSET 0 ROWS FETCH FIRST 1 ROWS ONLY;
INSERT INTO stock_level (id, tenant_id, product_id, warehouse_id, quantity, updated_at)
VALUES (gen_random_uuid(), :tenant, :p_id, :warehouse, 0, now()) ON CONFLICT (product_id, warehouse_id) DO NOTHING;
SELECT id, alert_priority, product_id, quantity, tenant_id, updated_at, warehouse_id FROM stock_level
 WHERE product_id = :p_id AND warehouse_id = :warehouse OFFSET 0 ROWS FETCH FIRST 1 ROWS ONLY FOR NO KEY UPDATE \gset l_
\set nq :l_quantity + 1
INSERT INTO stock_movement (actor, correlation_id, created_at, delta, new_quantity, previous_quantity, product_id,
                            reason, tenant_id, warehouse_id, id)
VALUES ('bench-admin', '00000000-0000-0000-0000-000000000000', now(), 1, :nq, :l_quantity, :p_id, 'receipt', :tenant,
        :warehouse, gen_random_uuid());
UPDATE stock_level SET alert_priority = NULL, quantity = :nq, updated_at = now() WHERE id = :l_id;
SELECT coalesce(sum(-delta), 0) FROM stock_movement WHERE tenant_id = :tenant AND product_id = :p_id
   AND warehouse_id = :warehouse AND reason IN ('sale', 'reservation') AND delta < 0
   AND created_at >= now() - interval '14 days';
INSERT INTO outbox_event (event_id, tenant_id, event_type, topic, record_key, priority, payload, traceparent, created_at)
VALUES (gen_random_uuid(), :tenant, 'inventory.stock.updated', 'inventory-events', :tenant || ':' || :p_id, 'low',
        '{"metadata":{"event_id":"00000000-0000-0000-0000-000000000000","event_type":"inventory.stock.updated","schema_version":1,"occurred_at":"2026-12-05T06:00:00.000000Z","tenant_id":"e2e-000000","source":"inventory-service","correlation_id":"00000000-0000-0000-0000-000000000000","priority":"low"},"data":{"product_id":"00000000-0000-0000-0000-000000000000","product_sku":"E2E-00000","warehouse_id":"00000000-0000-0000-0000-000000000000","previous_quantity":0,"current_quantity":1,"delta":1,"reason":"receipt","movement_id":"00000000-0000-0000-0000-000000000000"}}',
        '00-00000000000000000000000000000000-0000000000000000-01', clock_timestamp());
COMMIT;
