-- An intake link remembers whether its creator could read clinical records when they made it:
-- only such a link may show the client's last intake as prefill (the rule lives in the
-- domain, `LinkCreator::may_carry_prefill`). Calls made through a link are audited with the
-- link's creator beside the link.

ALTER TABLE intake_links ADD COLUMN creator_clinical boolean NOT NULL DEFAULT false;

-- Existing links: the table knows only `created_by`. A creator counts as clinical only when
-- their role is clinical now and has not changed since the link was made (a role change moves
-- `valid_after`; so do password changes and deactivation, which only errs towards "not
-- clinical"). Anyone else, or a creator no longer on file, is treated as non-clinical: such a
-- link still works, without prefill. The role list is written here once, for this backfill;
-- new links take the flag from the domain rule at creation.
UPDATE intake_links AS l
SET creator_clinical = true
FROM staff AS s
WHERE s.practice_id = l.practice_id
  AND s.id = l.created_by
  AND s.role IN ('owner', 'therapist')
  AND s.valid_after <= l.created_at;

ALTER TABLE intake_links ALTER COLUMN creator_clinical DROP DEFAULT;

-- The staff member whose intake link a client used; NULL for staff calls and older events.
ALTER TABLE audit_events ADD COLUMN link_creator_id uuid;
