-- The current forecast of each series (a product, or a category: the sum of its products' days). points holds the
-- horizon as a JSON array of {date, demand, lower, upper}. published_demand and published_method are those of the
-- forecast last announced on sales-events, against which a new forecast's move is measured.
CREATE TABLE demand_forecast (
    tenant_id        VARCHAR(64)      NOT NULL,
    scope            VARCHAR(16)      NOT NULL CHECK (scope IN ('product', 'category')),
    subject          VARCHAR(200)     NOT NULL,
    category         VARCHAR(200),
    method           VARCHAR(32)      NOT NULL,
    level            DOUBLE PRECISION NOT NULL,
    horizon          INTEGER          NOT NULL,
    start_date       DATE             NOT NULL,
    history_days     INTEGER          NOT NULL,
    predicted_demand DOUBLE PRECISION NOT NULL,
    points           TEXT             NOT NULL,
    published_demand DOUBLE PRECISION NOT NULL,
    published_method VARCHAR(32)      NOT NULL,
    generated_at     TIMESTAMPTZ      NOT NULL,
    fitted_at        TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (tenant_id, scope, subject)
);

-- The last rolling-origin backtest of each series and method; GET /api/forecasts/accuracy averages them.
CREATE TABLE forecast_score (
    tenant_id    VARCHAR(64)      NOT NULL,
    scope        VARCHAR(16)      NOT NULL,
    subject      VARCHAR(200)     NOT NULL,
    method       VARCHAR(32)      NOT NULL,
    origins      INTEGER          NOT NULL,
    mase         DOUBLE PRECISION NOT NULL,
    rmsse        DOUBLE PRECISION NOT NULL,
    bias         DOUBLE PRECISION NOT NULL,
    bias_percent DOUBLE PRECISION,
    coverage     DOUBLE PRECISION NOT NULL,
    computed_at  TIMESTAMPTZ      NOT NULL,
    PRIMARY KEY (tenant_id, scope, subject, method)
);
