ALTER TABLE refresh_tokens DROP COLUMN second_factor;
ALTER TABLE practices DROP COLUMN require_second_factor;
DROP TABLE staff_recovery_codes;
DROP TABLE staff_second_factors;
