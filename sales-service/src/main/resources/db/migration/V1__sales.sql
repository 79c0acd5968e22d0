-- Alerts raised from inventory events, and the ledger of processed events that makes consumption idempotent.

-- One row per inventory event applied; written in the same transaction as its effects, so a redelivered event
-- finds its id here and changes nothing.
CREATE TABLE processed_event (
    event_id     UUID PRIMARY KEY,
    event_type   VARCHAR(64) NOT NULL,
    tenant_id    VARCHAR(64) NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE alert (
    id                      UUID PRIMARY KEY,
    tenant_id               VARCHAR(64)  NOT NULL,
    product_id              VARCHAR(64)  NOT NULL,
    product_sku             VARCHAR(64),
    product_name            VARCHAR(200),
    warehouse_id            VARCHAR(64),
    kind                    VARCHAR(32)  NOT NULL,
    status                  VARCHAR(16)  NOT NULL,
    priority                VARCHAR(16)  NOT NULL,
    current_stock           BIGINT,
    reorder_level           BIGINT,
    days_of_stock_remaining DOUBLE PRECISION,
    suggested_quantity      BIGINT,
    suggestion_rationale    VARCHAR(500),
    message                 VARCHAR(500) NOT NULL,
    last_event_id           UUID         NOT NULL,
    raised_at               TIMESTAMPTZ  NOT NULL,
    updated_at              TIMESTAMPTZ  NOT NULL,
    resolved_at             TIMESTAMPTZ
);
-- At most one open alert per tenant, product and kind: repeats update it instead of piling up.
CREATE UNIQUE INDEX alert_one_open_per_kind ON alert (tenant_id, product_id, kind) WHERE status <> 'resolved';
CREATE INDEX alert_by_tenant ON alert (tenant_id, status, raised_at DESC);
