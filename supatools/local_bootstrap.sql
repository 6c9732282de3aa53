-- Prepare a database like a new Supabase project (idempotent: safe to run again).
-- Roles are cluster-wide; the auth schema, functions and grants are per database.

-- Serialise concurrent bootstraps of one database (several `--local` runs starting at
-- once); the whole script runs as one implicit transaction, so the lock lasts until it ends.
SELECT pg_advisory_xact_lock(7383455137286915072);

-- Roles and their settings are cluster-wide, and advisory locks are per database: two
-- databases bootstrapped at once race on them. Each change is made only when missing,
-- and a concurrent bootstrap that made it first ("tuple concurrently updated", a
-- duplicate) is fine: the state is the one wanted either way.
DO $$
DECLARE
    wanted record;
BEGIN
    FOR wanted IN
        SELECT * FROM (VALUES ('anon', 'NOLOGIN NOINHERIT'),
                              ('authenticated', 'NOLOGIN NOINHERIT'),
                              ('service_role', 'NOLOGIN NOINHERIT BYPASSRLS'),
                              ('authenticator', 'LOGIN NOINHERIT')) AS r(name, attributes)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = wanted.name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I %s', wanted.name, wanted.attributes);
            EXCEPTION WHEN duplicate_object OR unique_violation OR internal_error THEN
                NULL;
            END;
        END IF;
    END LOOP;
    FOR wanted IN SELECT unnest(ARRAY['anon', 'authenticated', 'service_role']) AS name LOOP
        IF NOT pg_has_role('authenticator', wanted.name, 'MEMBER') THEN
            BEGIN
                EXECUTE format('GRANT %I TO authenticator', wanted.name);
            EXCEPTION WHEN unique_violation OR internal_error THEN
                NULL;
            END;
        END IF;
    END LOOP;
    -- PostgREST (and so supatools) reads the exposed schemas from here.
    IF NOT EXISTS (
        SELECT FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
        WHERE r.rolname = 'authenticator' AND s.setdatabase = 0
          AND s.setconfig @> ARRAY['pgrst.db_schemas=public']
    ) THEN
        BEGIN
            ALTER ROLE authenticator SET pgrst.db_schemas = 'public';
        EXCEPTION WHEN unique_violation OR internal_error THEN
            NULL;
        END;
    END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS auth;

CREATE TABLE IF NOT EXISTS auth.users (
    instance_id        uuid,
    id                 uuid PRIMARY KEY,
    aud                varchar(255),
    role               varchar(255),
    email              varchar(255),
    encrypted_password varchar(255),
    email_confirmed_at timestamptz,
    raw_app_meta_data  jsonb,
    raw_user_meta_data jsonb,
    is_anonymous       boolean NOT NULL DEFAULT false,
    created_at         timestamptz DEFAULT now(),
    updated_at         timestamptz DEFAULT now()
);

-- The helpers as Supabase defines them: the claim set by PostgREST for each request.
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid
LANGUAGE sql STABLE
AS $$
    SELECT coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
    )::uuid
$$;

CREATE OR REPLACE FUNCTION auth.role() RETURNS text
LANGUAGE sql STABLE
AS $$
    SELECT coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
    )::text
$$;

CREATE OR REPLACE FUNCTION auth.email() RETURNS text
LANGUAGE sql STABLE
AS $$
    SELECT coalesce(
        nullif(current_setting('request.jwt.claim.email', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
    )::text
$$;

CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb
LANGUAGE sql STABLE
AS $$
    SELECT coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
    )::jsonb
$$;

GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
GRANT ALL ON auth.users TO service_role;

-- The API roles may use public. Since 2026-10-30 new Supabase projects no longer grant
-- tables created later to them by default, so neither does this: migrations GRANT.
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;

-- Extensions live in their own schema, as on Supabase, and are found unqualified
-- (gen_random_uuid(), uuid_generate_v4()): the database's search_path is Supabase's.
CREATE SCHEMA IF NOT EXISTS extensions;
GRANT USAGE ON SCHEMA extensions TO anon, authenticated, service_role;
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET search_path TO "$user", public, extensions',
                   current_database());
END
$$;
