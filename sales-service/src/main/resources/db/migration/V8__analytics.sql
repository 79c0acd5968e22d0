-- Analytics (issue 19): daily summaries and monthly reports per tenant, and what they need of the orders.

-- When an order was confirmed: a confirmed order may later be delivered or cancelled, and its updated_at moves on.
-- The final statuses (rejected, cancelled, delivered) never change again, so their updated_at is when they were
-- reached. Orders confirmed before this migration and since delivered or cancelled have no confirmed_at.
ALTER TABLE sales_order ADD COLUMN confirmed_at TIMESTAMPTZ;
UPDATE sales_order SET confirmed_at = updated_at WHERE status = 'confirmed';
CREATE INDEX sales_order_by_update ON sales_order (tenant_id, updated_at);
CREATE INDEX alert_by_resolution ON alert (tenant_id, resolved_at) WHERE resolved_at IS NOT NULL;

-- One row per tenant and period: kind 'day' (period yyyy-MM-dd, UTC) or 'month' (yyyy-MM). report is the payload
-- last published (DailySummaryPayload or MonthlyReportPayload as JSON); a recomputation publishes again, with
-- revision + 1, only when its figures differ from these.
CREATE TABLE analytics_report (
    tenant_id   VARCHAR(64) NOT NULL,
    kind        VARCHAR(8)  NOT NULL CHECK (kind IN ('day', 'month')),
    period      VARCHAR(10) NOT NULL,
    revision    INTEGER     NOT NULL CHECK (revision > 0),
    report      TEXT        NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, kind, period)
);
