-- The role the API connects as: it owns nothing and holds only the DML it needs, so it can
-- neither change the schema, nor TRUNCATE, nor disable the triggers that keep signed notes,
-- submitted intake and the audit log immutable (that takes ownership), nor set
-- session_replication_role (that takes superuser). Migrations run as the owner.
-- Roles are cluster-wide: created once, tolerated when another database made it first.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'knead_app') THEN
        CREATE ROLE knead_app LOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN
        NULL;
    -- An owner that may not create roles (some managed servers): an administrator creates
    -- knead_app beforehand, and this migration only grants.
    WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'create the role knead_app first (CREATE ROLE knead_app LOGIN PASSWORD ...): the migrating user may not create roles';
END
$$;

DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO knead_app', current_database());
END
$$;
-- Nobody but the owner creates objects here (PostgreSQL 15 already withholds it; older
-- servers grant it to PUBLIC).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO knead_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO knead_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO knead_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO knead_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO knead_app;

-- Append-only tables: the app adds rows and reads them, never changes or removes them.
REVOKE UPDATE, DELETE ON audit_events FROM knead_app;
REVOKE UPDATE, DELETE ON session_note_amendments FROM knead_app;
REVOKE UPDATE, DELETE ON session_note_amendment_links FROM knead_app;
-- Migration bookkeeping is the owner's.
REVOKE INSERT, UPDATE, DELETE ON __diesel_schema_migrations FROM knead_app;
