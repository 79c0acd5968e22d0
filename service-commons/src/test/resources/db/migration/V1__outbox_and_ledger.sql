-- The outbox table as the services' migrations leave it (inventory-service V1, V3, V5; sales-service V2, V5), which
-- OutboxSchemaTest checks column by column, and the ledger the test consumer writes to.
CREATE TABLE outbox_event (
    id          BIGSERIAL PRIMARY KEY,
    event_id    UUID          NOT NULL UNIQUE,
    tenant_id   VARCHAR(64)   NOT NULL,
    event_type  VARCHAR(64)   NOT NULL,
    topic       VARCHAR(128)  NOT NULL,
    record_key  VARCHAR(200)  NOT NULL,
    priority    VARCHAR(16)   NOT NULL,
    payload     TEXT          NOT NULL,
    traceparent VARCHAR(128),
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    sent_at     TIMESTAMPTZ,
    attempts    INTEGER       NOT NULL DEFAULT 0,
    last_error  VARCHAR(1000),
    parked_at   TIMESTAMPTZ
);
CREATE INDEX outbox_event_unsent ON outbox_event (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_event_held ON outbox_event (record_key, id)
    WHERE sent_at IS NULL AND (parked_at IS NOT NULL OR attempts > 0);

-- One row per applied event; a product appears once, so a second event for it violates a constraint (23505).
CREATE TABLE ledger_entry (
    event_id   VARCHAR(128) PRIMARY KEY,
    product_id VARCHAR(64) NOT NULL UNIQUE,
    sku        VARCHAR(16) NOT NULL
);
