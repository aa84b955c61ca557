-- Care plans: a runner's treatment in phases around their races (build, taper, race, recovery,
-- maintenance, rehab), each with a cadence and a service. The phases are one JSON array,
-- checked as a whole by the domain when written; a client has at most one active plan.
CREATE TABLE care_plans (
    practice_id uuid NOT NULL,
    id uuid NOT NULL,
    client_id uuid NOT NULL,
    -- Who the sessions are booked with: the client's usual therapist.
    therapist_id uuid NOT NULL,
    service_id uuid NOT NULL,
    -- The lighter service for the session before a race; the plan's service when absent.
    light_service_id uuid,
    phases jsonb NOT NULL CHECK (jsonb_typeof(phases) = 'array' AND jsonb_array_length(phases) BETWEEN 1 AND 100),
    -- Whether the phases follow the client's races (rebuilt when they change) or were set by hand.
    from_races boolean NOT NULL,
    active boolean NOT NULL DEFAULT true,
    version bigint NOT NULL DEFAULT 1,
    created_by uuid NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT care_plans_pkey PRIMARY KEY (practice_id, id),
    CONSTRAINT care_plans_client_fkey FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id),
    CONSTRAINT care_plans_therapist_fkey FOREIGN KEY (practice_id, therapist_id) REFERENCES staff (practice_id, id),
    CONSTRAINT care_plans_service_fkey FOREIGN KEY (practice_id, service_id) REFERENCES services (practice_id, id),
    CONSTRAINT care_plans_light_service_fkey FOREIGN KEY (practice_id, light_service_id) REFERENCES services (practice_id, id),
    CONSTRAINT care_plans_created_by_fkey FOREIGN KEY (practice_id, created_by) REFERENCES staff (practice_id, id)
);
CREATE INDEX care_plans_client_idx ON care_plans (practice_id, client_id, created_at);
CREATE UNIQUE INDEX care_plans_one_active_key ON care_plans (practice_id, client_id) WHERE active;
CREATE INDEX care_plans_therapist_idx ON care_plans (practice_id, therapist_id);
CREATE INDEX care_plans_service_idx ON care_plans (practice_id, service_id);
CREATE INDEX care_plans_light_service_idx ON care_plans (practice_id, light_service_id);
CREATE INDEX care_plans_created_by_idx ON care_plans (practice_id, created_by);

-- Proposals turned down, by their stable key: never proposed again for that plan.
CREATE TABLE care_plan_rejections (
    practice_id uuid NOT NULL,
    plan_id uuid NOT NULL,
    proposal_key text NOT NULL CHECK (length(proposal_key) BETWEEN 1 AND 100),
    rejected_by uuid NOT NULL,
    rejected_at timestamptz NOT NULL,
    CONSTRAINT care_plan_rejections_pkey PRIMARY KEY (practice_id, plan_id, proposal_key),
    CONSTRAINT care_plan_rejections_plan_fkey FOREIGN KEY (practice_id, plan_id) REFERENCES care_plans (practice_id, id),
    CONSTRAINT care_plan_rejections_rejected_by_fkey FOREIGN KEY (practice_id, rejected_by) REFERENCES staff (practice_id, id)
);
CREATE INDEX care_plan_rejections_rejected_by_idx ON care_plan_rejections (practice_id, rejected_by);

-- A practice's care conventions (build weeks, cadences, flag threshold); the documented
-- defaults when null.
ALTER TABLE practices ADD COLUMN care_conventions jsonb CHECK (jsonb_typeof(care_conventions) = 'object');

GRANT SELECT, INSERT, UPDATE, DELETE ON care_plans, care_plan_rejections TO knead_app;
