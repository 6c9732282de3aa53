-- supatools stand-in for pgsodium 3.1.8: the schemas, roles, types, key table, views and
-- functions that remote dumps (`CREATE EXTENSION IF NOT EXISTS pgsodium`) and Vault
-- reference, so such a project applies on supatools local.
--
-- NOTHING IS ENCRYPTED. The encrypt functions return the message as is and the decrypt
-- functions return the ciphertext as is; keys are random bytes stored in plain sight.
-- There is no security label provider: `SECURITY LABEL FOR pgsodium` (transparent
-- column encryption) fails. Written for supatools local; never use it with real secrets.
\echo Use "CREATE EXTENSION pgsodium" to load this file. \quit

DO $roles$
DECLARE
    wanted text;
BEGIN
    FOREACH wanted IN ARRAY ARRAY['pgsodium_keyiduser', 'pgsodium_keyholder', 'pgsodium_keymaker']
    LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = wanted) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', wanted);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$roles$;

CREATE SCHEMA IF NOT EXISTS pgsodium_masks;

CREATE TYPE pgsodium.key_status AS ENUM ('default', 'valid', 'invalid', 'expired');
CREATE TYPE pgsodium.key_type AS ENUM ('aead-ietf', 'aead-det', 'hmacsha512', 'hmacsha256',
    'auth', 'shorthash', 'generichash', 'kdf', 'secretbox', 'secretstream', 'stream_xchacha20');
CREATE TYPE pgsodium.crypto_box_keypair AS (public bytea, secret bytea);
CREATE TYPE pgsodium.crypto_sign_keypair AS (public bytea, secret bytea);
CREATE TYPE pgsodium.crypto_kx_keypair AS (public bytea, secret bytea);
CREATE TYPE pgsodium.crypto_kx_session AS (rx bytea, tx bytea);

CREATE TABLE pgsodium.key (
    id               uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    status           pgsodium.key_status DEFAULT 'valid',
    created          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    expires          timestamptz,
    key_type         pgsodium.key_type,
    key_id           bigserial,
    key_context      bytea DEFAULT '\x7067736f6469756d',
    name             text UNIQUE,
    associated_data  text DEFAULT 'associated',
    raw_key          bytea,
    raw_key_nonce    bytea,
    parent_key       uuid REFERENCES pgsodium.key (id),
    comment          text,
    user_data        text
);
COMMENT ON TABLE pgsodium.key IS
    'supatools stand-in: pgsodium key ids; keys here are NOT secret and nothing is encrypted';

CREATE VIEW pgsodium.valid_key AS
    SELECT id, name, status, key_type, key_id, key_context, created, expires, associated_data
    FROM pgsodium.key
    WHERE status IN ('valid', 'default')
      AND CASE WHEN expires IS NULL THEN true ELSE expires > pg_catalog.now() END;
CREATE VIEW pgsodium.decrypted_key AS
    SELECT id, status, created, expires, key_type, key_id, key_context, name, associated_data,
           raw_key, raw_key AS decrypted_raw_key, raw_key_nonce, parent_key, comment
    FROM pgsodium.key;
CREATE VIEW pgsodium.masking_rule AS
    SELECT NULL::oid AS attrelid, NULL::integer AS attnum, NULL::regnamespace AS relnamespace,
           NULL::name AS relname, NULL::name AS attname, NULL::text AS format_type,
           NULL::text AS col_description, NULL::text AS key_id, NULL::text AS key_id_column,
           NULL::text AS associated_columns, NULL::text AS nonce_column, NULL::text AS view_name,
           NULL::integer AS priority, NULL::boolean AS security_invoker
    WHERE false;
CREATE VIEW pgsodium.mask_columns AS
    SELECT attname, attrelid, key_id, key_id_column, associated_columns, nonce_column,
           format_type
    FROM pgsodium.masking_rule;

-- random bytes: sha512 of fresh random UUIDs, 64 bytes at a time
CREATE FUNCTION pgsodium.randombytes_buf(size integer) RETURNS bytea
LANGUAGE plpgsql VOLATILE STRICT
AS $$
DECLARE
    result bytea := '';
BEGIN
    WHILE pg_catalog.length(result) < size LOOP
        result := result || pg_catalog.sha512(pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                                              || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()));
    END LOOP;
    RETURN pg_catalog.substring(result, 1, size);
END
$$;
CREATE FUNCTION pgsodium.randombytes_random() RETURNS integer
LANGUAGE sql VOLATILE
AS $$ SELECT ('x' || pg_catalog.encode(pgsodium.randombytes_buf(4), 'hex'))::bit(32)::integer $$;
CREATE FUNCTION pgsodium.randombytes_uniform(upper_bound integer) RETURNS integer
LANGUAGE sql VOLATILE STRICT
AS $$ SELECT (pg_catalog.abs(pgsodium.randombytes_random()::bigint) % upper_bound)::integer $$;

CREATE FUNCTION pgsodium.create_key(
    key_type pgsodium.key_type DEFAULT 'aead-det', name text DEFAULT NULL,
    raw_key bytea DEFAULT NULL, raw_key_nonce bytea DEFAULT NULL, parent_key uuid DEFAULT NULL,
    key_context bytea DEFAULT '\x7067736f6469756d', expires timestamptz DEFAULT NULL,
    associated_data text DEFAULT '') RETURNS pgsodium.valid_key
LANGUAGE sql VOLATILE
AS $$
    INSERT INTO pgsodium.key (key_type, name, raw_key, raw_key_nonce, parent_key, key_context,
                              expires, associated_data)
    VALUES (key_type, name, COALESCE(raw_key, pgsodium.randombytes_buf(32)), raw_key_nonce,
            parent_key, key_context, expires, associated_data)
    RETURNING id, name, status, key_type, key_id, key_context, created, expires, associated_data
$$;

CREATE FUNCTION pgsodium.derive_key(key_id bigint, key_len integer DEFAULT 32,
    context bytea DEFAULT '\x7067736f6469756d') RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT
AS $$
    SELECT pg_catalog.substring(pg_catalog.sha512(pg_catalog.int8send(key_id) || context), 1,
                                key_len)
$$;

-- the keygen/noncegen functions give random bytes of libsodium's sizes
CREATE FUNCTION pgsodium.crypto_aead_det_keygen() RETURNS bytea LANGUAGE sql VOLATILE
AS $$ SELECT pgsodium.randombytes_buf(32) $$;
CREATE FUNCTION pgsodium.crypto_aead_det_noncegen() RETURNS bytea LANGUAGE sql VOLATILE
AS $$ SELECT pgsodium.randombytes_buf(16) $$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_keygen() RETURNS bytea LANGUAGE sql VOLATILE
AS $$ SELECT pgsodium.randombytes_buf(32) $$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_noncegen() RETURNS bytea LANGUAGE sql VOLATILE
AS $$ SELECT pgsodium.randombytes_buf(12) $$;
CREATE FUNCTION pgsodium.crypto_secretbox_keygen() RETURNS bytea LANGUAGE sql VOLATILE
AS $$ SELECT pgsodium.randombytes_buf(32) $$;
CREATE FUNCTION pgsodium.crypto_secretbox_noncegen() RETURNS bytea LANGUAGE sql VOLATILE
AS $$ SELECT pgsodium.randombytes_buf(24) $$;

-- NOT ENCRYPTION: each "encrypt" returns the message and each "decrypt" the ciphertext,
-- so data written through them round-trips and stays readable in plain sight
CREATE FUNCTION pgsodium.crypto_aead_det_encrypt(message bytea, additional bytea,
    key_uuid uuid, nonce bytea DEFAULT NULL) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_aead_det_decrypt(message bytea, additional bytea,
    key_uuid uuid, nonce bytea DEFAULT NULL) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_aead_det_encrypt(message bytea, additional bytea,
    key_id bigint, context bytea DEFAULT '\x7067736f6469756d', nonce bytea DEFAULT NULL)
    RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_aead_det_decrypt(message bytea, additional bytea,
    key_id bigint, context bytea DEFAULT '\x7067736f6469756d', nonce bytea DEFAULT NULL)
    RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_aead_det_encrypt(message bytea, additional bytea, key bytea,
    nonce bytea DEFAULT NULL) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_aead_det_decrypt(message bytea, additional bytea, key bytea,
    nonce bytea DEFAULT NULL) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_encrypt(message bytea, additional bytea,
    nonce bytea, key bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_decrypt(message bytea, additional bytea,
    nonce bytea, key bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_encrypt(message bytea, additional bytea,
    nonce bytea, key_uuid uuid) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_decrypt(message bytea, additional bytea,
    nonce bytea, key_uuid uuid) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_secretbox(message bytea, nonce bytea, key bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_secretbox(message bytea, nonce bytea, key_uuid uuid)
    RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_secretbox_open(ciphertext bytea, nonce bytea, key bytea)
    RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT ciphertext $$;
CREATE FUNCTION pgsodium.crypto_secretbox_open(ciphertext bytea, nonce bytea, key_uuid uuid)
    RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT ciphertext $$;

-- hashes are real where PostgreSQL has the function (sha256/sha512)
CREATE FUNCTION pgsodium.crypto_hash_sha256(message bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT pg_catalog.sha256(message) $$;
CREATE FUNCTION pgsodium.crypto_hash_sha512(message bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT pg_catalog.sha512(message) $$;

-- what pgsodium's transparent column encryption calls from its triggers and views; the
-- stand-in has no security label provider, so these are never reached through it
CREATE FUNCTION pgsodium.update_masks(debug boolean DEFAULT false) RETURNS void
LANGUAGE sql AS $$ SELECT $$;
CREATE FUNCTION pgsodium.create_mask_view(relid oid, debug boolean DEFAULT false) RETURNS void
LANGUAGE sql AS $$ SELECT $$;

GRANT USAGE ON SCHEMA pgsodium TO pgsodium_keyiduser, pgsodium_keyholder, pgsodium_keymaker;
GRANT SELECT ON pgsodium.valid_key TO pgsodium_keyiduser;
GRANT SELECT ON pgsodium.decrypted_key TO pgsodium_keyholder;
GRANT ALL ON pgsodium.key TO pgsodium_keymaker;
GRANT pgsodium_keyiduser TO pgsodium_keyholder;
GRANT pgsodium_keyholder TO pgsodium_keymaker;
