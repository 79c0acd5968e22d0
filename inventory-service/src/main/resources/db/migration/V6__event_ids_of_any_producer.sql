-- An event id is the producer's own (EventMetadata: 1 to 128 characters, not only a UUID), so the dedupe ledger of
-- consumed order events holds text, keyed by tenant and id: ids are unique only within their producer's tenant.
-- The outbox keeps UUIDs: only this service's own events, which it creates with UUIDs, are written there.
ALTER TABLE processed_order_event DROP CONSTRAINT processed_order_event_pkey;
ALTER TABLE processed_order_event ALTER COLUMN event_id TYPE VARCHAR(128) USING event_id::text;
ALTER TABLE processed_order_event ADD PRIMARY KEY (tenant_id, event_id);
