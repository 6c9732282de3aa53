-- supatools stand-in for Supabase Vault: schema vault with vault.secrets, the
-- vault.decrypted_secrets view and create_secret()/update_secret(), as migrations use
-- them. The secret is kept as given (no encryption): local data only. Written for
-- supatools local.
\echo Use "CREATE EXTENSION supabase_vault" to load this file. \quit

CREATE TABLE vault.secrets (
    id          uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    name        text,
    description text NOT NULL DEFAULT '',
    secret      text NOT NULL,
    key_id      uuid,
    nonce       bytea,
    created_at  timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at  timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX secrets_name_idx ON vault.secrets (name) WHERE name IS NOT NULL;

CREATE VIEW vault.decrypted_secrets AS
    SELECT id, name, description, secret, secret AS decrypted_secret, key_id, nonce,
           created_at, updated_at
    FROM vault.secrets;

CREATE FUNCTION vault.create_secret(new_secret text, new_name text DEFAULT NULL,
                                    new_description text DEFAULT '',
                                    new_key_id uuid DEFAULT NULL) RETURNS uuid
LANGUAGE sql SECURITY DEFINER SET search_path = ''
AS $$
    INSERT INTO vault.secrets (secret, name, description, key_id)
    VALUES (new_secret, new_name, new_description, new_key_id)
    RETURNING id
$$;
CREATE FUNCTION vault.update_secret(secret_id uuid, new_secret text DEFAULT NULL,
                                    new_name text DEFAULT NULL,
                                    new_description text DEFAULT NULL,
                                    new_key_id uuid DEFAULT NULL) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = ''
AS $$
    UPDATE vault.secrets
    SET secret = COALESCE(new_secret, secret),
        name = COALESCE(new_name, name),
        description = COALESCE(new_description, description),
        key_id = COALESCE(new_key_id, key_id),
        updated_at = CURRENT_TIMESTAMP
    WHERE id = secret_id
$$;
-- as on Supabase: only the owner (postgres) and service_role reach the vault
REVOKE ALL ON ALL TABLES IN SCHEMA vault FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA vault FROM PUBLIC;
