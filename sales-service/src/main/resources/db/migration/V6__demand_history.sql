-- Demand history: one row per tenant, product and UTC day with units sold, however many movements made them.
-- sold_units: inventory's `sale` movements; delivered_units: lines of orders delivered that day. recorded_at is the
-- wall-clock time of the last change, which tells the retraining which series have new history since their fit.
CREATE TABLE demand_day (
    tenant_id       VARCHAR(64) NOT NULL,
    product_id      VARCHAR(64) NOT NULL,
    day             DATE        NOT NULL,
    sold_units      BIGINT      NOT NULL DEFAULT 0,
    delivered_units BIGINT      NOT NULL DEFAULT 0,
    recorded_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, product_id, day)
);
-- The new-history check reads only the rows recorded since the last full retrainings.
CREATE INDEX demand_day_recorded ON demand_day (recorded_at);
