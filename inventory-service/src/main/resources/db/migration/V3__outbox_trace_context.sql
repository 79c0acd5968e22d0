-- The W3C trace context of the change that wrote the event, handed on to Kafka as the record's traceparent header.
ALTER TABLE outbox_event ADD COLUMN traceparent VARCHAR(128);
