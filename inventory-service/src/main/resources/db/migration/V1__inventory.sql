-- Products, warehouses and stock per tenant, the movement ledger, and the transactional outbox.

CREATE TABLE warehouse (
    id          UUID PRIMARY KEY,
    tenant_id   VARCHAR(64)  NOT NULL,
    code        VARCHAR(64)  NOT NULL,
    name        VARCHAR(200) NOT NULL,
    location    VARCHAR(200),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT warehouse_code_per_tenant UNIQUE (tenant_id, code)
);

CREATE TABLE product (
    id               UUID PRIMARY KEY,
    tenant_id        VARCHAR(64)    NOT NULL,
    sku              VARCHAR(64)    NOT NULL,
    name             VARCHAR(200)   NOT NULL,
    category         VARCHAR(100),
    unit_price       NUMERIC(14, 2) NOT NULL CHECK (unit_price >= 0),
    reorder_level    BIGINT         NOT NULL CHECK (reorder_level >= 0),
    reorder_quantity BIGINT         NOT NULL CHECK (reorder_quantity >= 0),
    active           BOOLEAN        NOT NULL DEFAULT TRUE,
    created_at       TIMESTAMPTZ    NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ    NOT NULL DEFAULT now(),
    CONSTRAINT product_sku_per_tenant UNIQUE (tenant_id, sku)
);

-- One row per product and warehouse. Adjustments lock this row, which serialises changes of one product's
-- stock and so keeps its outbox rows in commit order. alert_priority remembers the last low-stock priority
-- announced, so an event goes out when a product enters low stock or its priority rises, not on every change.
CREATE TABLE stock_level (
    id             UUID PRIMARY KEY,
    tenant_id      VARCHAR(64) NOT NULL,
    product_id     UUID        NOT NULL REFERENCES product (id) ON DELETE CASCADE,
    warehouse_id   UUID        NOT NULL REFERENCES warehouse (id),
    quantity       BIGINT      NOT NULL DEFAULT 0,
    alert_priority VARCHAR(16),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT stock_level_per_product_warehouse UNIQUE (product_id, warehouse_id)
);

CREATE TABLE stock_movement (
    id                UUID PRIMARY KEY,
    tenant_id         VARCHAR(64)  NOT NULL,
    product_id        UUID         NOT NULL REFERENCES product (id) ON DELETE CASCADE,
    warehouse_id      UUID         NOT NULL REFERENCES warehouse (id),
    previous_quantity BIGINT       NOT NULL,
    new_quantity      BIGINT       NOT NULL,
    delta             BIGINT       NOT NULL,
    reason            VARCHAR(32)  NOT NULL,
    actor             VARCHAR(128) NOT NULL,
    correlation_id    VARCHAR(128),
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX stock_movement_by_product ON stock_movement (tenant_id, product_id, created_at);

-- The transactional outbox: written in the same transaction as the change, relayed to Kafka in id order.
CREATE TABLE outbox_event (
    id         BIGSERIAL PRIMARY KEY,
    event_id   UUID         NOT NULL UNIQUE,
    tenant_id  VARCHAR(64)  NOT NULL,
    event_type VARCHAR(64)  NOT NULL,
    topic      VARCHAR(128) NOT NULL,
    record_key VARCHAR(200) NOT NULL,
    priority   VARCHAR(16)  NOT NULL,
    payload    TEXT         NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at    TIMESTAMPTZ
);
CREATE INDEX outbox_event_unsent ON outbox_event (id) WHERE sent_at IS NULL;
