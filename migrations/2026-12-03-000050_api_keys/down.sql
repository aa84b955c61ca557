DELETE FROM idempotency_keys WHERE api_key_id <> '00000000-0000-0000-0000-000000000000';
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys DROP COLUMN api_key_id;
ALTER TABLE idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (practice_id, staff_id, key);
DROP TABLE api_keys;
