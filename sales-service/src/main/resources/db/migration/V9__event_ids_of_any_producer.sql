-- An event id is the producer's own (EventMetadata: 1 to 128 characters, the ERP document's "evt-123456" as well as
-- our UUIDs), so the columns that keep consumed ids hold text. Such ids are unique only within their producer's
-- tenant: the dedupe ledger is keyed by tenant and id, so one tenant's id never suppresses another tenant's event.
-- The outbox keeps UUIDs: only this service's own events, which it creates with UUIDs, are written there.
ALTER TABLE processed_event DROP CONSTRAINT processed_event_pkey;
ALTER TABLE processed_event ALTER COLUMN event_id TYPE VARCHAR(128) USING event_id::text;
ALTER TABLE processed_event ADD PRIMARY KEY (tenant_id, event_id);

ALTER TABLE alert ALTER COLUMN last_event_id TYPE VARCHAR(128) USING last_event_id::text;
