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
    -- Supabase's roles (supabase/postgres init scripts): the API roles, the login
    -- PostgREST uses, and the service accounts that own auth, storage and realtime and
    -- that migrations name in GRANTs and ALTER ... OWNER TO. None can log in here but
    -- authenticator; supabase_admin is not a superuser here.
    FOR wanted IN
        SELECT * FROM (VALUES ('anon', 'NOLOGIN INHERIT'),
                              ('authenticated', 'NOLOGIN INHERIT'),
                              ('service_role', 'NOLOGIN INHERIT BYPASSRLS'),
                              ('authenticator', 'LOGIN NOINHERIT'),
                              ('supabase_admin', 'NOLOGIN CREATEROLE CREATEDB BYPASSRLS'),
                              ('supabase_auth_admin', 'NOLOGIN NOINHERIT CREATEROLE'),
                              ('supabase_storage_admin', 'NOLOGIN NOINHERIT CREATEROLE'),
                              ('supabase_realtime_admin', 'NOLOGIN NOINHERIT'),
                              ('supabase_functions_admin', 'NOLOGIN NOINHERIT CREATEROLE'),
                              ('supabase_replication_admin', 'NOLOGIN REPLICATION'),
                              ('supabase_read_only_user', 'NOLOGIN BYPASSRLS'),
                              ('dashboard_user', 'NOLOGIN CREATEROLE CREATEDB REPLICATION'),
                              ('pgbouncer', 'NOLOGIN')) AS r(name, attributes)
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = wanted.name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I %s', wanted.name, wanted.attributes);
            EXCEPTION WHEN duplicate_object OR unique_violation OR internal_error THEN
                NULL;
            END;
        END IF;
    END LOOP;
    -- memberships as on a hosted project: PostgREST switches from authenticator to the
    -- API roles; the storage service acts as them; the project owner may act as the
    -- auth and storage services and as the API roles
    FOR wanted IN
        SELECT * FROM (VALUES ('anon', 'authenticator'), ('authenticated', 'authenticator'),
                              ('service_role', 'authenticator'),
                              ('anon', 'supabase_storage_admin'),
                              ('authenticated', 'supabase_storage_admin'),
                              ('service_role', 'supabase_storage_admin'),
                              ('authenticator', 'supabase_storage_admin'),
                              ('supabase_auth_admin', current_user::text),
                              ('supabase_storage_admin', current_user::text)) AS m(name, member)
    LOOP
        IF NOT pg_has_role(wanted.member, wanted.name, 'MEMBER') THEN
            BEGIN
                EXECUTE format('GRANT %I TO %I', wanted.name, wanted.member);
            EXCEPTION WHEN unique_violation OR internal_error OR invalid_grant_operation THEN
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

-- The auth schema of a hosted project: the tables, columns, types and indexes the Auth
-- service's own migrations (supabase/auth) leave behind, which app migrations reference
-- (triggers on auth.users, foreign keys to auth.users(id), reads of raw_user_meta_data,
-- identities, sessions). RLS is on with no policy, as there: the API cannot read them.
DO $$
BEGIN
    CREATE TYPE auth.aal_level AS ENUM ('aal1', 'aal2', 'aal3');
    CREATE TYPE auth.code_challenge_method AS ENUM ('s256', 'plain');
    CREATE TYPE auth.factor_status AS ENUM ('unverified', 'verified');
    CREATE TYPE auth.factor_type AS ENUM ('totp', 'webauthn', 'phone');
    CREATE TYPE auth.one_time_token_type AS ENUM (
        'confirmation_token', 'reauthentication_token', 'recovery_token',
        'email_change_token_new', 'email_change_token_current', 'phone_change_token');
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;

CREATE TABLE IF NOT EXISTS auth.instances (
    id uuid PRIMARY KEY, uuid uuid, raw_base_config text,
    created_at timestamptz, updated_at timestamptz
);

CREATE TABLE IF NOT EXISTS auth.users (
    instance_id                 uuid,
    id                          uuid PRIMARY KEY,
    aud                         varchar(255),
    role                        varchar(255),
    email                       varchar(255),
    encrypted_password          varchar(255),
    email_confirmed_at          timestamptz,
    invited_at                  timestamptz,
    confirmation_token          varchar(255),
    confirmation_sent_at        timestamptz,
    recovery_token              varchar(255),
    recovery_sent_at            timestamptz,
    email_change_token_new      varchar(255),
    email_change                varchar(255),
    email_change_sent_at        timestamptz,
    last_sign_in_at             timestamptz,
    raw_app_meta_data           jsonb,
    raw_user_meta_data          jsonb,
    is_super_admin              boolean,
    created_at                  timestamptz,
    updated_at                  timestamptz,
    phone                       text UNIQUE DEFAULT NULL,
    phone_confirmed_at          timestamptz,
    phone_change                text DEFAULT '',
    phone_change_token          varchar(255) DEFAULT '',
    phone_change_sent_at        timestamptz,
    confirmed_at                timestamptz GENERATED ALWAYS AS (LEAST(email_confirmed_at, phone_confirmed_at)) STORED,
    email_change_token_current  varchar(255) DEFAULT '',
    email_change_confirm_status smallint DEFAULT 0 CHECK (email_change_confirm_status BETWEEN 0 AND 2),
    banned_until                timestamptz,
    reauthentication_token      varchar(255) DEFAULT '',
    reauthentication_sent_at    timestamptz,
    is_sso_user                 boolean NOT NULL DEFAULT false,
    deleted_at                  timestamptz,
    is_anonymous                boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS users_instance_id_idx ON auth.users (instance_id);
CREATE INDEX IF NOT EXISTS users_instance_id_email_idx ON auth.users (instance_id, lower(email::text));
CREATE UNIQUE INDEX IF NOT EXISTS users_email_partial_key ON auth.users (email) WHERE is_sso_user = false;
CREATE INDEX IF NOT EXISTS users_is_anonymous_idx ON auth.users (is_anonymous);

CREATE TABLE IF NOT EXISTS auth.identities (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    provider_id     text NOT NULL,
    user_id         uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    identity_data   jsonb NOT NULL,
    provider        text NOT NULL,
    last_sign_in_at timestamptz,
    created_at      timestamptz,
    updated_at      timestamptz,
    email           text GENERATED ALWAYS AS (lower(identity_data ->> 'email')) STORED,
    UNIQUE (provider_id, provider)
);
CREATE INDEX IF NOT EXISTS identities_user_id_idx ON auth.identities (user_id);
CREATE INDEX IF NOT EXISTS identities_email_idx ON auth.identities (email text_pattern_ops);

CREATE TABLE IF NOT EXISTS auth.sessions (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    created_at   timestamptz,
    updated_at   timestamptz,
    factor_id    uuid,
    aal          auth.aal_level,
    not_after    timestamptz,
    refreshed_at timestamp,
    user_agent   text,
    ip           inet,
    tag          text
);
CREATE INDEX IF NOT EXISTS sessions_user_id_idx ON auth.sessions (user_id);
CREATE INDEX IF NOT EXISTS sessions_not_after_idx ON auth.sessions (not_after DESC);

CREATE TABLE IF NOT EXISTS auth.refresh_tokens (
    instance_id uuid,
    id          bigserial PRIMARY KEY,
    token       varchar(255) UNIQUE,
    user_id     varchar(255),
    revoked     boolean,
    created_at  timestamptz,
    updated_at  timestamptz,
    parent      varchar(255),
    session_id  uuid REFERENCES auth.sessions (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS refresh_tokens_instance_id_user_id_idx ON auth.refresh_tokens (instance_id, user_id);
CREATE INDEX IF NOT EXISTS refresh_tokens_session_id_revoked_idx ON auth.refresh_tokens (session_id, revoked);

CREATE TABLE IF NOT EXISTS auth.mfa_factors (
    id                   uuid PRIMARY KEY,
    user_id              uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    friendly_name        text,
    factor_type          auth.factor_type NOT NULL,
    status               auth.factor_status NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    secret               text,
    phone                text,
    last_challenged_at   timestamptz UNIQUE,
    web_authn_credential jsonb,
    web_authn_aaguid     uuid
);
CREATE INDEX IF NOT EXISTS mfa_factors_user_id_idx ON auth.mfa_factors (user_id);

CREATE TABLE IF NOT EXISTS auth.mfa_challenges (
    id                     uuid PRIMARY KEY,
    factor_id              uuid NOT NULL REFERENCES auth.mfa_factors (id) ON DELETE CASCADE,
    created_at             timestamptz NOT NULL,
    verified_at            timestamptz,
    ip_address             inet NOT NULL,
    otp_code               text,
    web_authn_session_data jsonb
);

CREATE TABLE IF NOT EXISTS auth.mfa_amr_claims (
    id                    uuid PRIMARY KEY,
    session_id            uuid NOT NULL REFERENCES auth.sessions (id) ON DELETE CASCADE,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    authentication_method text NOT NULL,
    UNIQUE (session_id, authentication_method)
);

CREATE TABLE IF NOT EXISTS auth.audit_log_entries (
    instance_id uuid,
    id          uuid PRIMARY KEY,
    payload     json,
    created_at  timestamptz,
    ip_address  varchar(64) NOT NULL DEFAULT ''
);

CREATE TABLE IF NOT EXISTS auth.flow_state (
    id                     uuid PRIMARY KEY,
    user_id                uuid,
    auth_code              text NOT NULL,
    code_challenge_method  auth.code_challenge_method NOT NULL,
    code_challenge         text NOT NULL,
    provider_type          text NOT NULL,
    provider_access_token  text,
    provider_refresh_token text,
    created_at             timestamptz,
    updated_at             timestamptz,
    authentication_method  text NOT NULL,
    auth_code_issued_at    timestamptz
);

CREATE TABLE IF NOT EXISTS auth.one_time_tokens (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
    token_type auth.one_time_token_type NOT NULL,
    token_hash text NOT NULL CHECK (char_length(token_hash) > 0),
    relates_to text NOT NULL,
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS auth.sso_providers (
    id          uuid PRIMARY KEY,
    resource_id text CHECK (resource_id IS NULL OR char_length(resource_id) > 0),
    created_at  timestamptz,
    updated_at  timestamptz,
    disabled    boolean
);

CREATE TABLE IF NOT EXISTS auth.sso_domains (
    id              uuid PRIMARY KEY,
    sso_provider_id uuid NOT NULL REFERENCES auth.sso_providers (id) ON DELETE CASCADE,
    domain          text NOT NULL CHECK (char_length(domain) > 0),
    created_at      timestamptz,
    updated_at      timestamptz
);

CREATE TABLE IF NOT EXISTS auth.saml_providers (
    id                uuid PRIMARY KEY,
    sso_provider_id   uuid NOT NULL REFERENCES auth.sso_providers (id) ON DELETE CASCADE,
    entity_id         text NOT NULL UNIQUE CHECK (char_length(entity_id) > 0),
    metadata_xml      text NOT NULL CHECK (char_length(metadata_xml) > 0),
    metadata_url      text CHECK (metadata_url IS NULL OR char_length(metadata_url) > 0),
    attribute_mapping jsonb,
    created_at        timestamptz,
    updated_at        timestamptz,
    name_id_format    text
);

CREATE TABLE IF NOT EXISTS auth.saml_relay_states (
    id              uuid PRIMARY KEY,
    sso_provider_id uuid NOT NULL REFERENCES auth.sso_providers (id) ON DELETE CASCADE,
    request_id      text NOT NULL CHECK (char_length(request_id) > 0),
    for_email       text,
    redirect_to     text,
    created_at      timestamptz,
    updated_at      timestamptz,
    flow_state_id   uuid REFERENCES auth.flow_state (id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS auth.schema_migrations (version varchar(255) PRIMARY KEY);

DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT c.oid FROM pg_class c
             WHERE c.relnamespace = 'auth'::regnamespace AND c.relkind = 'r' AND NOT c.relrowsecurity
    LOOP
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
    END LOOP;
END
$$;
GRANT ALL ON ALL TABLES IN SCHEMA auth TO supabase_auth_admin, dashboard_user;
GRANT ALL ON ALL SEQUENCES IN SCHEMA auth TO supabase_auth_admin, dashboard_user;

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
-- (the database's search_path is set at the end, from supabase/config.toml's
-- [api] extra_search_path: "$user", public, extensions unless the project says otherwise)

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

-- Realtime: the schema, the broadcast/presence messages table with RLS (policies on it
-- authorise private channels), the helpers policies and triggers call, and the
-- supabase_realtime publication that `ALTER PUBLICATION ... ADD TABLE` extends. The
-- Realtime service itself is not part of this: nothing is streamed.
CREATE SCHEMA IF NOT EXISTS realtime;
GRANT USAGE ON SCHEMA realtime TO anon, authenticated, service_role, supabase_realtime_admin;
CREATE TABLE IF NOT EXISTS realtime.messages (
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    topic       text NOT NULL,
    extension   text NOT NULL,
    payload     jsonb,
    event       text,
    private     boolean DEFAULT false,
    updated_at  timestamp NOT NULL DEFAULT now(),
    inserted_at timestamp NOT NULL DEFAULT now(),
    PRIMARY KEY (id, inserted_at)
);
ALTER TABLE realtime.messages ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE ON realtime.messages TO anon, authenticated, service_role;
GRANT ALL ON realtime.messages TO supabase_realtime_admin;

CREATE OR REPLACE FUNCTION realtime.topic() RETURNS text
LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('realtime.topic', true), '')::text $$;

CREATE OR REPLACE FUNCTION realtime.send(payload jsonb, event text, topic text,
                                         private boolean DEFAULT true) RETURNS void
LANGUAGE sql
AS $$
    INSERT INTO realtime.messages (payload, event, topic, private, extension)
    VALUES (payload, event, topic, private, 'broadcast')
$$;

CREATE OR REPLACE FUNCTION realtime.broadcast_changes(topic_name text, event_name text,
        operation text, table_name text, table_schema text, new record, old record,
        level text DEFAULT 'ROW') RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM realtime.send(
        jsonb_build_object('operation', operation, 'table', table_name, 'schema', table_schema,
                           'record', to_jsonb(new), 'old_record', to_jsonb(old)),
        event_name, topic_name, true);
END
$$;
GRANT EXECUTE ON FUNCTION realtime.topic() TO anon, authenticated, service_role;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_publication WHERE pubname = 'supabase_realtime') THEN
        CREATE PUBLICATION supabase_realtime;
    END IF;
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;

-- The extensions every hosted project has, where this server can install them (on
-- PostgreSQL 18 the embedded build plus supatools' stand-ins provide all of them):
-- uuid-ossp, pgcrypto and pg_stat_statements in `extensions`, Vault in `vault`, and
-- pg_graphql in `graphql` with the `graphql_public` entry point.
DO $$
DECLARE
    wanted record;
BEGIN
    FOR wanted IN
        SELECT * FROM (VALUES ('uuid-ossp', 'extensions'), ('pgcrypto', 'extensions'),
                              ('pg_stat_statements', 'extensions'),
                              ('supabase_vault', NULL), ('pg_graphql', NULL)) AS e(name, schema)
    LOOP
        IF EXISTS (SELECT FROM pg_available_extensions WHERE name = wanted.name)
           AND NOT EXISTS (SELECT FROM pg_extension WHERE extname = wanted.name) THEN
            EXECUTE format('CREATE EXTENSION %I', wanted.name)
                    || CASE WHEN wanted.schema IS NULL THEN ''
                            ELSE format(' WITH SCHEMA %I', wanted.schema) END;
        END IF;
    END LOOP;
END
$$;

CREATE SCHEMA IF NOT EXISTS graphql_public;
GRANT USAGE ON SCHEMA graphql_public TO anon, authenticated, service_role;
DO $$
BEGIN
    IF to_regprocedure('graphql.resolve(text, jsonb, text, jsonb)') IS NOT NULL THEN
        CREATE OR REPLACE FUNCTION graphql_public.graphql("operationName" text DEFAULT NULL,
                query text DEFAULT NULL, variables jsonb DEFAULT NULL,
                extensions jsonb DEFAULT NULL) RETURNS jsonb
        LANGUAGE sql
        AS 'SELECT graphql.resolve(query := query, variables := coalesce(variables, ''{}''),
                                   "operationName" := "operationName", extensions := extensions)';
        GRANT EXECUTE ON FUNCTION graphql_public.graphql(text, text, jsonb, jsonb)
            TO anon, authenticated, service_role;
    END IF;
END
$$;
DO $$
BEGIN
    IF to_regnamespace('vault') IS NOT NULL THEN
        GRANT USAGE ON SCHEMA vault TO service_role;
        GRANT SELECT, DELETE ON vault.secrets, vault.decrypted_secrets TO service_role;
    END IF;
END
$$;

-- Database Webhooks as the Supabase CLI's local stack has them (its webhooks.sql): the
-- supabase_functions schema, its hooks audit table, and the trigger function
-- http_request(url, method, headers, params, timeout_ms) that remote dumps' webhook
-- triggers call. It sends through pg_net (the stand-in records each request and sends
-- nothing); pg_net is not installed here: dumps that use webhooks create it.
CREATE SCHEMA IF NOT EXISTS supabase_functions AUTHORIZATION supabase_admin;
GRANT USAGE ON SCHEMA supabase_functions TO anon, authenticated, service_role;
CREATE TABLE IF NOT EXISTS supabase_functions.migrations (
    version     text PRIMARY KEY,
    inserted_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO supabase_functions.migrations (version) VALUES ('initial') ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS supabase_functions.hooks (
    id            bigserial PRIMARY KEY,
    hook_table_id integer NOT NULL,
    hook_name     text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    request_id    bigint
);
CREATE INDEX IF NOT EXISTS supabase_functions_hooks_request_id_idx
    ON supabase_functions.hooks USING btree (request_id);
CREATE INDEX IF NOT EXISTS supabase_functions_hooks_h_table_id_h_name_idx
    ON supabase_functions.hooks USING btree (hook_table_id, hook_name);
COMMENT ON TABLE supabase_functions.hooks IS
    'Supabase Functions Hooks: Audit trail for triggered hooks.';
CREATE OR REPLACE FUNCTION supabase_functions.http_request() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    request_id bigint;
    payload jsonb;
    url text := TG_ARGV[0]::text;
    method text := TG_ARGV[1]::text;
    headers jsonb DEFAULT '{}'::jsonb;
    params jsonb DEFAULT '{}'::jsonb;
    timeout_ms integer DEFAULT 1000;
BEGIN
    IF url IS NULL OR url = 'null' THEN
        RAISE EXCEPTION 'url argument is missing';
    END IF;
    IF method IS NULL OR method = 'null' THEN
        RAISE EXCEPTION 'method argument is missing';
    END IF;
    IF TG_ARGV[2] IS NULL OR TG_ARGV[2] = 'null' THEN
        headers := '{"Content-Type": "application/json"}'::jsonb;
    ELSE
        headers := TG_ARGV[2]::jsonb;
    END IF;
    IF TG_ARGV[3] IS NOT NULL AND TG_ARGV[3] <> 'null' THEN
        params := TG_ARGV[3]::jsonb;
    END IF;
    IF TG_ARGV[4] IS NOT NULL AND TG_ARGV[4] <> 'null' THEN
        timeout_ms := TG_ARGV[4]::integer;
    END IF;
    IF to_regnamespace('net') IS NULL THEN
        RAISE EXCEPTION 'supabase_functions.http_request() sends through pg_net, which is '
                        'not installed in this database'
            USING ERRCODE = 'undefined_object',
                  HINT = 'CREATE EXTENSION pg_net WITH SCHEMA extensions';
    END IF;
    CASE
        WHEN method = 'GET' THEN
            SELECT http_get INTO request_id FROM net.http_get(url, params, headers, timeout_ms);
        WHEN method = 'POST' THEN
            payload := jsonb_build_object('old_record', OLD, 'record', NEW, 'type', TG_OP,
                                          'table', TG_TABLE_NAME, 'schema', TG_TABLE_SCHEMA);
            SELECT http_post INTO request_id
            FROM net.http_post(url, payload, params, headers, timeout_ms);
        ELSE
            RAISE EXCEPTION 'method argument % is invalid', method;
    END CASE;
    INSERT INTO supabase_functions.hooks (hook_table_id, hook_name, request_id)
    VALUES (TG_RELID, TG_NAME, request_id);
    RETURN NEW;
END
$$;
ALTER FUNCTION supabase_functions.http_request() SECURITY DEFINER;
ALTER FUNCTION supabase_functions.http_request() SET search_path = supabase_functions;
GRANT ALL ON TABLE supabase_functions.migrations, supabase_functions.hooks
    TO anon, authenticated, service_role;
GRANT ALL ON SEQUENCE supabase_functions.hooks_id_seq
    TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION supabase_functions.http_request()
    TO anon, authenticated, service_role;

-- pgsodium's schema, as on projects of 2023-24 where the extension was preinstalled:
-- their dumps begin with CREATE EXTENSION IF NOT EXISTS "pgsodium" WITH SCHEMA
-- "pgsodium", which needs the schema. Only where the pgsodium stand-in can be installed.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pgsodium') THEN
        CREATE SCHEMA IF NOT EXISTS pgsodium;
    END IF;
END
$$;
