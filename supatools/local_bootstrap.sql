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

-- Storage as a hosted project has it (the shape of supabase/storage's tenant migrations):
-- the tables, columns and path helpers migrations and policies use, RLS on both tables,
-- and the API roles granted as there. The storage service itself is not part of this.
CREATE SCHEMA IF NOT EXISTS storage;
GRANT USAGE ON SCHEMA storage TO anon, authenticated, service_role;

CREATE TABLE IF NOT EXISTS storage.buckets (
    id                 text PRIMARY KEY,
    name               text NOT NULL UNIQUE,
    owner              uuid,
    owner_id           text,
    public             boolean DEFAULT false,
    avif_autodetection boolean DEFAULT false,
    file_size_limit    bigint,
    allowed_mime_types text[],
    created_at         timestamptz DEFAULT now(),
    updated_at         timestamptz DEFAULT now()
);

CREATE TABLE IF NOT EXISTS storage.objects (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    bucket_id        text REFERENCES storage.buckets (id),
    name             text,
    owner            uuid,
    owner_id         text,
    metadata         jsonb,
    user_metadata    jsonb,
    version          text,
    path_tokens      text[] GENERATED ALWAYS AS (string_to_array(name, '/')) STORED,
    created_at       timestamptz DEFAULT now(),
    updated_at       timestamptz DEFAULT now(),
    last_accessed_at timestamptz DEFAULT now(),
    UNIQUE (bucket_id, name)
);

ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
GRANT ALL ON storage.buckets, storage.objects TO anon, authenticated, service_role;

-- 'a/b/c.png': foldername {a,b}, filename c.png, extension png
CREATE OR REPLACE FUNCTION storage.foldername(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE
AS $$
    SELECT parts[1:cardinality(parts) - 1] FROM (SELECT string_to_array(name, '/')) AS s(parts)
$$;

CREATE OR REPLACE FUNCTION storage.filename(name text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT parts[cardinality(parts)] FROM (SELECT string_to_array(name, '/')) AS s(parts)
$$;

CREATE OR REPLACE FUNCTION storage.extension(name text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE WHEN position('.' IN storage.filename(name)) > 0
                THEN reverse(split_part(reverse(storage.filename(name)), '.', 1))
                ELSE '' END
$$;

GRANT EXECUTE ON FUNCTION storage.foldername(text), storage.filename(text),
    storage.extension(text) TO anon, authenticated, service_role;
