-- Issue 4: publishing sales-events through an outbox, orders, the full alert lifecycle, and the projection of
-- inventory's products and stock that prices orders and finds dead stock.

-- The transactional outbox, as in inventory-service (its V1 table plus V3's traceparent): events are written here in
-- the transaction of the change and relayed to Kafka after the commit (service-commons OutboxWriter / OutboxRelay).
CREATE TABLE outbox_event (
    id         BIGSERIAL PRIMARY KEY,
    event_id   UUID         NOT NULL UNIQUE,
    tenant_id  VARCHAR(64)  NOT NULL,
    event_type VARCHAR(64)  NOT NULL,
    topic      VARCHAR(128) NOT NULL,
    record_key VARCHAR(200) NOT NULL,
    priority   VARCHAR(16)  NOT NULL,
    payload    TEXT         NOT NULL,
    -- The W3C trace context of the change, handed on to Kafka as the record's traceparent header.
    traceparent VARCHAR(128),
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at    TIMESTAMPTZ
);
CREATE INDEX outbox_event_unsent ON outbox_event (id) WHERE sent_at IS NULL;

-- Orders. The id is the order's aggregate id on sales-events (key tenant_id:order_id).
CREATE TABLE sales_order (
    id             UUID PRIMARY KEY,
    tenant_id      VARCHAR(64)    NOT NULL,
    user_id        VARCHAR(200)   NOT NULL,
    status         VARCHAR(16)    NOT NULL,
    total          NUMERIC(16, 2) NOT NULL CHECK (total >= 0),
    reason         VARCHAR(500),
    correlation_id VARCHAR(200),
    created_at     TIMESTAMPTZ    NOT NULL,
    updated_at     TIMESTAMPTZ    NOT NULL
);
CREATE INDEX sales_order_by_tenant ON sales_order (tenant_id, created_at DESC);
CREATE INDEX sales_order_by_user ON sales_order (tenant_id, user_id, created_at DESC);

CREATE TABLE sales_order_line (
    id         UUID PRIMARY KEY,
    order_id   UUID           NOT NULL REFERENCES sales_order (id),
    line_no    INTEGER        NOT NULL,
    tenant_id  VARCHAR(64)    NOT NULL,
    product_id VARCHAR(64)    NOT NULL,
    quantity   BIGINT         NOT NULL CHECK (quantity > 0),
    unit_price NUMERIC(14, 2) NOT NULL CHECK (unit_price >= 0),
    UNIQUE (order_id, line_no)
);
-- Pending orders of a product: the orders a shortage puts at risk.
CREATE INDEX sales_order_line_by_product ON sales_order_line (tenant_id, product_id);

-- What sales-service knows of inventory's products, only from inventory-events: the catalogue (prices for orders)
-- from inventory.product.*, the stock on hand and the last sale from inventory.stock.updated. Times are the events'
-- own timestamps, so a replay or a lagging consumer does not make old stock look freshly sold.
CREATE TABLE product_view (
    tenant_id        VARCHAR(64)    NOT NULL,
    product_id       VARCHAR(64)    NOT NULL,
    sku              VARCHAR(64),
    name             VARCHAR(200),
    category         VARCHAR(100),
    unit_price       NUMERIC(14, 2),
    reorder_level    BIGINT,
    reorder_quantity BIGINT,
    -- true once inventory.product.created/updated was seen: only then may the product be ordered.
    catalogued       BOOLEAN        NOT NULL DEFAULT false,
    active           BOOLEAN        NOT NULL DEFAULT true,
    deleted          BOOLEAN        NOT NULL DEFAULT false,
    stock_on_hand    BIGINT         NOT NULL DEFAULT 0,
    -- Since when stock has been on hand without interruption (null while there is none): dead stock is measured
    -- from the later of this and the last sale, so a restocked product is not dead on its first day.
    on_hand_since    TIMESTAMPTZ,
    last_sale_at     TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (tenant_id, product_id)
);
CREATE INDEX product_view_on_hand ON product_view (stock_on_hand) WHERE stock_on_hand > 0 AND NOT deleted;

-- The last known level per warehouse; product_view.stock_on_hand is their sum.
CREATE TABLE warehouse_stock_view (
    tenant_id    VARCHAR(64) NOT NULL,
    product_id   VARCHAR(64) NOT NULL,
    warehouse_id VARCHAR(64) NOT NULL,
    quantity     BIGINT      NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, product_id, warehouse_id)
);

-- The alert lifecycle: who acknowledged or resolved, why it was resolved, and the numbers each kind is about.
ALTER TABLE alert
    -- Alerts raised by the dead-stock scan have no inventory event behind them.
    ALTER COLUMN last_event_id DROP NOT NULL,
    ADD COLUMN reorder_quantity     BIGINT,
    ADD COLUMN days_since_last_sale INTEGER,
    ADD COLUMN stock_value          NUMERIC(16, 2),
    -- Pending order ids, comma-separated (UUIDs have no commas).
    ADD COLUMN orders_at_risk       TEXT,
    ADD COLUMN acknowledged_by      VARCHAR(200),
    ADD COLUMN acknowledged_at      TIMESTAMPTZ,
    ADD COLUMN resolved_by          VARCHAR(200),
    ADD COLUMN resolution           VARCHAR(500);
CREATE INDEX alert_by_product ON alert (tenant_id, product_id);
