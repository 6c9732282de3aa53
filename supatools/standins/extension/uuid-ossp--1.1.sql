-- supatools stand-in for uuid-ossp: the same functions, in SQL over PostgreSQL's own
-- gen_random_uuid() and md5(). Written for supatools local; never used in production.
\echo Use "CREATE EXTENSION ""uuid-ossp""" to load this file. \quit

CREATE FUNCTION uuid_nil() RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '00000000-0000-0000-0000-000000000000'::uuid $$;
CREATE FUNCTION uuid_ns_dns() RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::uuid $$;
CREATE FUNCTION uuid_ns_url() RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '6ba7b811-9dad-11d1-80b4-00c04fd430c8'::uuid $$;
CREATE FUNCTION uuid_ns_oid() RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '6ba7b812-9dad-11d1-80b4-00c04fd430c8'::uuid $$;
CREATE FUNCTION uuid_ns_x500() RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '6ba7b814-9dad-11d1-80b4-00c04fd430c8'::uuid $$;

CREATE FUNCTION uuid_generate_v4() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$ SELECT pg_catalog.gen_random_uuid() $$;

-- version 1: the time in 100 ns steps since 1582-10-15, a random clock sequence and a
-- random node id with the multicast bit set (what uuid-ossp's v1mc does)
CREATE FUNCTION uuid_generate_v1mc() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$
    WITH t AS (
        SELECT (extract(epoch FROM pg_catalog.clock_timestamp()) * 10000000)::bigint
               + 122192928000000000 AS ts,
               pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '') AS r
    )
    SELECT (pg_catalog.lpad(pg_catalog.to_hex(ts & 4294967295), 8, '0')
            || pg_catalog.lpad(pg_catalog.to_hex((ts >> 32) & 65535), 4, '0')
            || pg_catalog.lpad(pg_catalog.to_hex(((ts >> 48) & 4095) | 4096), 4, '0')
            || pg_catalog.lpad(pg_catalog.to_hex(
                   (('x' || pg_catalog.substr(r, 1, 4))::bit(16)::int & 16383) | 32768), 4, '0')
            || pg_catalog.lpad(pg_catalog.to_hex(
                   ('x' || pg_catalog.substr(r, 5, 2))::bit(8)::int | 1), 2, '0')
            || pg_catalog.substr(r, 7, 10))::uuid
    FROM t
$$;
CREATE FUNCTION uuid_generate_v1() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$ SELECT @extschema@.uuid_generate_v1mc() $$;

-- version 3: md5 of the namespace's bytes and the name, version and variant bits set
CREATE FUNCTION uuid_generate_v3(namespace uuid, name text) RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    WITH h AS (
        SELECT pg_catalog.md5(pg_catalog.decode(pg_catalog.replace(namespace::text, '-', ''), 'hex')
                              || pg_catalog.convert_to(name, 'UTF8')) AS x
    )
    SELECT (pg_catalog.substr(x, 1, 12) || '3' || pg_catalog.substr(x, 14, 3)
            || pg_catalog.to_hex((('x' || pg_catalog.substr(x, 17, 1))::bit(4)::int & 3) | 8)
            || pg_catalog.substr(x, 18))::uuid
    FROM h
$$;

CREATE FUNCTION uuid_generate_v5(namespace uuid, name text) RETURNS uuid
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
BEGIN
    RAISE EXCEPTION 'uuid_generate_v5() needs SHA-1, which supatools'' stand-in uuid-ossp does not have'
        USING ERRCODE = 'feature_not_supported',
              HINT = 'run this migration against a PostgreSQL with the real uuid-ossp (SUPATOOLS_PG_BINDIR)';
END
$$;
