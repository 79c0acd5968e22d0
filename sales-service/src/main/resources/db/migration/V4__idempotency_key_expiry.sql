-- Keys are forgotten after sales.idempotency.retention (IdempotencyKeys.expire): the cleanup looks them up by age.
CREATE INDEX idempotency_key_by_age ON idempotency_key (created_at);
