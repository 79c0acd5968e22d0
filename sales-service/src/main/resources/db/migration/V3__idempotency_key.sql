-- Idempotency-Key of order creation: the first request's answer (the order id), replayed for a repeat of the same
-- request. Keys belong to the buyer: the key column holds "<user>/<Idempotency-Key>", hence its length.
CREATE TABLE idempotency_key (
    tenant_id    VARCHAR(64)  NOT NULL,
    key          VARCHAR(400) NOT NULL,
    request_hash VARCHAR(64)  NOT NULL,
    response     TEXT,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, key)
);
