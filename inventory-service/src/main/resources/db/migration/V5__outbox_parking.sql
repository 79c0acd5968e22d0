-- Each outbox row's own outcome (service-commons OutboxRelay): failed sends are counted, the last failure is kept,
-- and a row Kafka can never accept as it is gets parked (kept unsent, listed for operators, replayable).
ALTER TABLE outbox_event ADD COLUMN attempts  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox_event ADD COLUMN last_error VARCHAR(1000);
ALTER TABLE outbox_event ADD COLUMN parked_at TIMESTAMPTZ;
-- The rows that hold their key (a failed or parked head); the relay checks every candidate row against it.
CREATE INDEX outbox_event_held ON outbox_event (record_key, id)
    WHERE sent_at IS NULL AND (parked_at IS NOT NULL OR attempts > 0);
