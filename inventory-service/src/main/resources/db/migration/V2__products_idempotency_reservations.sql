-- Soft delete keeps the ledger of a deleted product; its SKU becomes free again.
ALTER TABLE product ADD COLUMN deleted_at TIMESTAMPTZ;
ALTER TABLE product DROP CONSTRAINT product_sku_per_tenant;
CREATE UNIQUE INDEX product_sku_per_tenant ON product (tenant_id, sku) WHERE deleted_at IS NULL;
CREATE INDEX product_by_category ON product (tenant_id, category) WHERE deleted_at IS NULL;

-- Idempotency-Key of stock adjustments: the first request's answer, replayed for a repeat of the same request.
CREATE TABLE idempotency_key (
    tenant_id    VARCHAR(64)  NOT NULL,
    key          VARCHAR(200) NOT NULL,
    request_hash VARCHAR(64)  NOT NULL,
    response     TEXT,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, key)
);

-- Stock reserved for sales orders, per warehouse, so a cancellation can put back exactly what was taken.
CREATE TABLE reservation (
    id           UUID PRIMARY KEY,
    tenant_id    VARCHAR(64) NOT NULL,
    order_id     VARCHAR(64) NOT NULL,
    product_id   UUID        NOT NULL REFERENCES product (id),
    warehouse_id UUID        NOT NULL REFERENCES warehouse (id),
    quantity     BIGINT      NOT NULL CHECK (quantity > 0),
    released_at  TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX reservation_by_order ON reservation (tenant_id, order_id);

-- Orders already answered (reserved or failed), so a redelivered sales.order.created reserves once.
CREATE TABLE processed_order_event (
    event_id     UUID PRIMARY KEY,
    tenant_id    VARCHAR(64) NOT NULL,
    order_id     VARCHAR(64) NOT NULL,
    event_type   VARCHAR(64) NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX stock_level_low ON stock_level (tenant_id) WHERE alert_priority IS NOT NULL;
