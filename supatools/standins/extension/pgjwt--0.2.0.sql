-- supatools stand-in for pgjwt 0.2.0: the same functions and the same tokens (HS256,
-- HS384, HS512 over pgcrypto's hmac()), so a project that signs or checks JWTs in SQL
-- applies and runs on supatools local. Written for supatools local.
\echo Use "CREATE EXTENSION pgjwt" to load this file. \quit

-- base64url without padding (RFC 7515)
CREATE FUNCTION url_encode(data bytea) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT pg_catalog.translate(pg_catalog.encode(data, 'base64'), E'+/=\n', '-_') $$;

CREATE FUNCTION url_decode(data text) RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$
    WITH t AS (SELECT pg_catalog.translate(data, '-_', '+/') AS trans)
    SELECT pg_catalog.decode(
        t.trans || pg_catalog.repeat('=', (4 - pg_catalog.length(t.trans) % 4) % 4), 'base64')
    FROM t
$$;

-- an unknown algorithm reaches hmac() with an empty type, which raises (as pgjwt does)
CREATE FUNCTION algorithm_sign(signables text, secret text, algorithm text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT @extschema@.url_encode(@extschema:pgcrypto@.hmac(signables, secret,
        CASE algorithm WHEN 'HS256' THEN 'sha256' WHEN 'HS384' THEN 'sha384'
                       WHEN 'HS512' THEN 'sha512' ELSE '' END))
$$;

CREATE FUNCTION sign(payload json, secret text, algorithm text DEFAULT 'HS256') RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    WITH signables AS (
        SELECT @extschema@.url_encode(pg_catalog.convert_to(
                   '{"alg":"' || algorithm || '","typ":"JWT"}', 'utf8'))
               || '.' || @extschema@.url_encode(pg_catalog.convert_to(payload::text, 'utf8'))
               AS data
    )
    SELECT signables.data || '.' || @extschema@.algorithm_sign(signables.data, secret, algorithm)
    FROM signables
$$;

CREATE FUNCTION try_cast_double(inp text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
    BEGIN
        RETURN inp::double precision;
    EXCEPTION WHEN OTHERS THEN
        RETURN NULL;
    END;
END
$$;

-- valid: the signature matches and now is within [nbf, exp) when the token has them
CREATE FUNCTION verify(token text, secret text, algorithm text DEFAULT 'HS256')
RETURNS TABLE(header json, payload json, valid boolean)
LANGUAGE sql IMMUTABLE
AS $$
    SELECT jwt.header, jwt.payload,
           jwt.signature_ok AND pg_catalog.tstzrange(
               pg_catalog.to_timestamp(@extschema@.try_cast_double(jwt.payload->>'nbf')),
               pg_catalog.to_timestamp(@extschema@.try_cast_double(jwt.payload->>'exp'))
           ) @> CURRENT_TIMESTAMP
    FROM (
        SELECT pg_catalog.convert_from(@extschema@.url_decode(r[1]), 'utf8')::json AS header,
               pg_catalog.convert_from(@extschema@.url_decode(r[2]), 'utf8')::json AS payload,
               r[3] = @extschema@.algorithm_sign(r[1] || '.' || r[2], secret, algorithm)
                   AS signature_ok
        FROM pg_catalog.regexp_split_to_array(token, '\.') AS r
    ) AS jwt
$$;
