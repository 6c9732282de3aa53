-- supatools stand-in for pgcrypto: the functions migrations and seeds call, in SQL over
-- PostgreSQL's own md5()/sha2 functions (and a SHA-1 in PL/pgSQL) and gen_random_uuid().
-- digest(), hmac() and gen_random_bytes() give real values; crypt()/gen_salt() keep pgcrypto's shape and its
-- "crypt(password, stored) = stored" check but are NOT bcrypt, and pgp_sym_encrypt() does
-- not encrypt. Written for supatools local; never used in production.
\echo Use "CREATE EXTENSION pgcrypto" to load this file. \quit

-- sha1: PostgreSQL has no sha1() of its own, so SHA-1 (FIPS 180-4) is written out here,
-- with 32-bit words held in bigint and masked
CREATE FUNCTION digest(data bytea, type text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    msg bytea;
    h bigint[] := ARRAY[1732584193, 4023233417, 2562383102, 271733878, 3285377520];
    w bigint[] := '{}';
    a bigint; b bigint; c bigint; d bigint; e bigint; f bigint; k bigint; t bigint;
BEGIN
    CASE pg_catalog.lower(type)
        WHEN 'md5' THEN RETURN pg_catalog.decode(pg_catalog.md5(data), 'hex');
        WHEN 'sha224' THEN RETURN pg_catalog.sha224(data);
        WHEN 'sha256' THEN RETURN pg_catalog.sha256(data);
        WHEN 'sha384' THEN RETURN pg_catalog.sha384(data);
        WHEN 'sha512' THEN RETURN pg_catalog.sha512(data);
        WHEN 'sha1' THEN NULL;
        ELSE RAISE EXCEPTION 'Cannot use "%": supatools'' stand-in pgcrypto has md5, sha1 and sha2 only', type
             USING ERRCODE = 'feature_not_supported';
    END CASE;
    msg := data || '\x80'::bytea;
    msg := msg || pg_catalog.decode(pg_catalog.repeat('00', (120 - pg_catalog.length(msg) % 64) % 64), 'hex')
               || pg_catalog.int8send(pg_catalog.length(data)::bigint * 8);
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
    RETURN pg_catalog.substring(pg_catalog.int8send(h[1]), 5, 4)
           || pg_catalog.substring(pg_catalog.int8send(h[2]), 5, 4)
           || pg_catalog.substring(pg_catalog.int8send(h[3]), 5, 4)
           || pg_catalog.substring(pg_catalog.int8send(h[4]), 5, 4)
           || pg_catalog.substring(pg_catalog.int8send(h[5]), 5, 4);
END
$$;
CREATE FUNCTION digest(data text, type text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.digest(pg_catalog.convert_to(data, 'UTF8'), type) $$;

-- RFC 2104 over digest(): 64-byte blocks for md5/sha1/sha224/sha256, 128 for sha384/sha512
CREATE FUNCTION hmac(data bytea, key bytea, type text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
    block int := CASE WHEN pg_catalog.lower(type) IN ('sha384', 'sha512') THEN 128 ELSE 64 END;
    k bytea := key;
    ipad bytea;
    opad bytea;
BEGIN
    IF pg_catalog.length(k) > block THEN
        k := @extschema@.digest(k, type);
    END IF;
    k := k || pg_catalog.decode(pg_catalog.repeat('00', block - pg_catalog.length(k)), 'hex');
    ipad := k;
    opad := k;
    FOR i IN 0 .. block - 1 LOOP
        ipad := pg_catalog.set_byte(ipad, i, pg_catalog.get_byte(k, i) # 54);
        opad := pg_catalog.set_byte(opad, i, pg_catalog.get_byte(k, i) # 92);
    END LOOP;
    RETURN @extschema@.digest(opad || @extschema@.digest(ipad || data, type), type);
END
$$;
CREATE FUNCTION hmac(data text, key text, type text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT @extschema@.hmac(pg_catalog.convert_to(data, 'UTF8'), pg_catalog.convert_to(key, 'UTF8'), type)
$$;

-- random bytes: sha256 of fresh random UUIDs (122 random bits each), 32 bytes at a time
CREATE FUNCTION gen_random_bytes(count integer) RETURNS bytea
LANGUAGE plpgsql VOLATILE STRICT PARALLEL SAFE
AS $$
DECLARE
    result bytea := '';
BEGIN
    IF count < 1 OR count > 1024 THEN
        RAISE EXCEPTION 'Length not in range' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    WHILE pg_catalog.length(result) < count LOOP
        result := result || pg_catalog.sha256(pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                                              || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()));
    END LOOP;
    RETURN pg_catalog.substring(result, 1, count);
END
$$;

CREATE FUNCTION gen_random_uuid() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$ SELECT pg_catalog.gen_random_uuid() $$;

-- gen_salt()/crypt(): the salt formats of pgcrypto (bf, md5, xdes, des), and a hash that
-- starts with its salt, so crypt(password, stored) = stored holds as with the real one.
CREATE FUNCTION gen_salt(type text, iter_count integer) RETURNS text
LANGUAGE plpgsql VOLATILE STRICT PARALLEL SAFE
AS $$
DECLARE
    alphabet text := './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    random bytea := @extschema@.gen_random_bytes(22);
    chars text := '';
BEGIN
    FOR i IN 0 .. 21 LOOP
        chars := chars || pg_catalog.substr(alphabet, pg_catalog.get_byte(random, i) % 64 + 1, 1);
    END LOOP;
    CASE pg_catalog.lower(type)
        WHEN 'bf' THEN RETURN '$2a$' || pg_catalog.lpad(COALESCE(NULLIF(iter_count, 0), 6)::text, 2, '0') || '$' || chars;
        WHEN 'md5' THEN RETURN '$1$' || pg_catalog.left(chars, 8);
        WHEN 'xdes' THEN RETURN '_J9..' || pg_catalog.left(chars, 4);
        WHEN 'des' THEN RETURN pg_catalog.left(chars, 2);
        ELSE RAISE EXCEPTION 'gen_salt: Unknown salt algorithm' USING ERRCODE = 'invalid_parameter_value';
    END CASE;
END
$$;
CREATE FUNCTION gen_salt(type text) RETURNS text LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.gen_salt(type, 0) $$;

CREATE FUNCTION crypt(password text, salt text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    WITH s AS (
        SELECT CASE
            WHEN salt LIKE '$2_$%' THEN pg_catalog.left(salt, 29)
            WHEN salt LIKE '$1$%' THEN pg_catalog.left(salt, 12) || '$'
            WHEN salt LIKE '\_%' THEN pg_catalog.left(salt, 9)
            ELSE pg_catalog.left(salt, 2)
        END AS prefix
    )
    SELECT prefix || pg_catalog.translate(
        pg_catalog.left(pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(prefix || password, 'UTF8')), 'base64'), 31),
        '+=', './')
    FROM s
$$;

-- pgp_sym_*: the same signatures; the data is only encoded, with the password's hash to
-- refuse a wrong password as pgcrypto does. Not encryption.
CREATE FUNCTION pgp_sym_encrypt_bytea(data bytea, psw text, options text) RETURNS bytea
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.convert_to('supatools-standin:', 'UTF8')
             || pg_catalog.sha256(pg_catalog.convert_to(psw, 'UTF8')) || data $$;
CREATE FUNCTION pgp_sym_encrypt_bytea(data bytea, psw text) RETURNS bytea
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.pgp_sym_encrypt_bytea(data, psw, '') $$;
CREATE FUNCTION pgp_sym_encrypt(data text, psw text, options text) RETURNS bytea
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.pgp_sym_encrypt_bytea(pg_catalog.convert_to(data, 'UTF8'), psw, options) $$;
CREATE FUNCTION pgp_sym_encrypt(data text, psw text) RETURNS bytea
LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.pgp_sym_encrypt(data, psw, '') $$;
CREATE FUNCTION pgp_sym_decrypt_bytea(msg bytea, psw text, options text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
BEGIN
    IF pg_catalog.substring(msg, 19, 32) IS DISTINCT FROM pg_catalog.sha256(pg_catalog.convert_to(psw, 'UTF8')) THEN
        RAISE EXCEPTION 'Wrong key or corrupt data' USING ERRCODE = 'external_routine_invocation_exception';
    END IF;
    RETURN pg_catalog.substring(msg, 51);
END
$$;
CREATE FUNCTION pgp_sym_decrypt_bytea(msg bytea, psw text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.pgp_sym_decrypt_bytea(msg, psw, '') $$;
CREATE FUNCTION pgp_sym_decrypt(msg bytea, psw text, options text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.convert_from(@extschema@.pgp_sym_decrypt_bytea(msg, psw, options), 'UTF8') $$;
CREATE FUNCTION pgp_sym_decrypt(msg bytea, psw text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.pgp_sym_decrypt(msg, psw, '') $$;

CREATE FUNCTION armor(data bytea) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT E'-----BEGIN PGP MESSAGE-----\n\n' || pg_catalog.encode(data, 'base64') || E'\n-----END PGP MESSAGE-----\n' $$;
CREATE FUNCTION dearmor(data text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.decode(pg_catalog.regexp_replace(data, '-----[^-]*-----|\s', '', 'g'), 'base64') $$;
