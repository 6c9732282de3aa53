-- supatools stand-in for Supabase Wrappers 0.5: for each wrapper, the functions that
-- `CREATE FOREIGN DATA WRAPPER ... HANDLER x_fdw_handler VALIDATOR x_fdw_validator`
-- names, so servers, foreign tables, grants and comments apply on supatools local.
--
-- No foreign data is reached. A handler must be a C or internal function returning
-- fdw_handler; each handler here is an internal function whose symbol is a sentence
-- naming this stand-in, so the first query of a foreign table fails at once with
--   internal function "supatools stand-in wrappers: stripe_fdw_handler reaches no
--   foreign data; ..." is not in internal lookup table
-- and nothing is called. The validators accept every option. Written for supatools local.
\echo Use "CREATE EXTENSION wrappers" to load this file. \quit

CREATE TABLE wrappers_fdw_stats (
    fdw_name     text PRIMARY KEY,
    create_times bigint,
    rows_in      bigint,
    rows_out     bigint,
    bytes_in     bigint,
    bytes_out    bigint,
    metadata     jsonb,
    created_at   timestamptz NOT NULL DEFAULT pg_catalog.timezone('utc', pg_catalog.now()),
    updated_at   timestamptz NOT NULL DEFAULT pg_catalog.timezone('utc', pg_catalog.now())
);
COMMENT ON TABLE wrappers_fdw_stats IS 'Wrappers Foreign Data Wrapper statistics';

DO $wrappers$
DECLARE
    fdw record;
    handler regprocedure;
BEGIN
    -- the wrappers Supabase ships (the dashboard's list): handler prefix, name, website
    FOR fdw IN
        SELECT * FROM (VALUES
            ('airtable', 'Airtable', 'https://airtable.com'),
            ('auth0', 'Auth0', 'https://auth0.com'),
            ('big_query', 'BigQuery', 'https://cloud.google.com/bigquery'),
            ('click_house', 'ClickHouse', 'https://clickhouse.com'),
            ('cognito', 'Cognito', 'https://aws.amazon.com/cognito'),
            ('duckdb', 'DuckDB', 'https://duckdb.org'),
            ('firebase', 'Firebase', 'https://firebase.google.com'),
            ('iceberg', 'Iceberg', 'https://iceberg.apache.org'),
            ('logflare', 'Logflare', 'https://logflare.app'),
            ('mssql', 'Mssql', 'https://www.microsoft.com/sql-server'),
            ('redis', 'Redis', 'https://redis.io'),
            ('s3', 'S3', 'https://aws.amazon.com/s3'),
            ('stripe', 'Stripe', 'https://stripe.com'),
            ('wasm', 'Wasm', 'https://github.com/supabase/wrappers')) AS w(prefix, name, website)
    LOOP
        -- created over a real internal function (fdw_handler's input function, which
        -- reads no argument), then pointed at a symbol that does not exist: calling it
        -- is an error that names the stand-in
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION @extschema@.%I() RETURNS fdw_handler LANGUAGE internal STRICT '
            'AS %L', fdw.prefix || '_fdw_handler', 'fdw_handler_in');
        handler := pg_catalog.format('@extschema@.%I()', fdw.prefix || '_fdw_handler')::regprocedure;
        UPDATE pg_catalog.pg_proc
        SET prosrc = pg_catalog.format(
            'supatools stand-in wrappers: %s reaches no foreign data; query foreign tables on '
            'a server with Supabase Wrappers', fdw.prefix || '_fdw_handler')
        WHERE oid = handler;
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION @extschema@.%I(options text[], catalog oid) RETURNS void '
            'LANGUAGE plpgsql IMMUTABLE AS %L', fdw.prefix || '_fdw_validator', 'BEGIN END');
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION @extschema@.%I() '
            'RETURNS TABLE(name text, version text, author text, website text) '
            'LANGUAGE sql IMMUTABLE AS %L', fdw.prefix || '_fdw_meta',
            pg_catalog.format('SELECT %L::text, %L::text, %L::text, %L::text',
                              fdw.name || ' (supatools stand-in)', '0.5.0', 'Supabase',
                              fdw.website));
    END LOOP;
END
$wrappers$;
