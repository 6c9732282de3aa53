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

-- version 5: SHA-1 of the namespace's bytes and the name, version and variant bits set.
-- PostgreSQL has no sha1() of its own, so SHA-1 (FIPS 180-4) is written out here, with
-- 32-bit words held in bigint and masked.
CREATE FUNCTION uuid_generate_v5(namespace uuid, name text) RETURNS uuid
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    msg bytea := pg_catalog.uuid_send(namespace) || pg_catalog.convert_to(name, 'UTF8');
    bits bigint := pg_catalog.length(msg)::bigint * 8;
    h bigint[] := ARRAY[1732584193, 4023233417, 2562383102, 271733878, 3285377520];
    w bigint[] := '{}';
    a bigint; b bigint; c bigint; d bigint; e bigint; f bigint; k bigint; t bigint;
    x text;
BEGIN
    msg := msg || '\x80'::bytea;
    msg := msg || pg_catalog.decode(pg_catalog.repeat('00', (120 - pg_catalog.length(msg) % 64) % 64), 'hex')
               || pg_catalog.int8send(bits);
    FOR chunk IN 0 .. pg_catalog.length(msg) / 64 - 1 LOOP
        FOR i IN 0 .. 15 LOOP
            w[i] := (pg_catalog.get_byte(msg, chunk * 64 + i * 4)::bigint << 24)
                    | (pg_catalog.get_byte(msg, chunk * 64 + i * 4 + 1)::bigint << 16)
                    | (pg_catalog.get_byte(msg, chunk * 64 + i * 4 + 2)::bigint << 8)
                    | pg_catalog.get_byte(msg, chunk * 64 + i * 4 + 3)::bigint;
        END LOOP;
        FOR i IN 16 .. 79 LOOP
            t := w[i - 3] # w[i - 8] # w[i - 14] # w[i - 16];
            w[i] := ((t << 1) | (t >> 31)) & 4294967295;
        END LOOP;
        a := h[1]; b := h[2]; c := h[3]; d := h[4]; e := h[5];
        FOR i IN 0 .. 79 LOOP
            IF i < 20 THEN f := (b & c) | (~b & d); k := 1518500249;
            ELSIF i < 40 THEN f := b # c # d; k := 1859775393;
            ELSIF i < 60 THEN f := (b & c) | (b & d) | (c & d); k := 2400959708;
            ELSE f := b # c # d; k := 3395469782;
            END IF;
            t := ((((a << 5) | (a >> 27)) & 4294967295) + (f & 4294967295) + e + k + w[i])
                 & 4294967295;
            e := d; d := c; c := ((b << 30) | (b >> 2)) & 4294967295; b := a; a := t;
        END LOOP;
        h[1] := (h[1] + a) & 4294967295; h[2] := (h[2] + b) & 4294967295;
        h[3] := (h[3] + c) & 4294967295; h[4] := (h[4] + d) & 4294967295;
        h[5] := (h[5] + e) & 4294967295;
    END LOOP;
    x := pg_catalog.encode(pg_catalog.substring(pg_catalog.int8send(h[1]), 5, 4)
                           || pg_catalog.substring(pg_catalog.int8send(h[2]), 5, 4)
                           || pg_catalog.substring(pg_catalog.int8send(h[3]), 5, 4)
                           || pg_catalog.substring(pg_catalog.int8send(h[4]), 5, 4), 'hex');
    RETURN (pg_catalog.substr(x, 1, 12) || '5' || pg_catalog.substr(x, 14, 3)
            || pg_catalog.to_hex((('x' || pg_catalog.substr(x, 17, 1))::bit(4)::int & 3) | 8)
            || pg_catalog.substr(x, 18, 15))::uuid;
END
$$;
