ALTER TABLE audit_events DROP COLUMN link_creator_id;
ALTER TABLE intake_links DROP COLUMN creator_clinical;
