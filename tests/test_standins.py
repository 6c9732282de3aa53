"""Stand-in extensions of the local server, round 2 (issue 22): what real Supabase projects
use and the embedded PostgreSQL 18 lacks. Stand-ins exist only on the embedded server
(PostgreSQL 18's extension_control_path), so every test here uses ``local_database``
whatever SUPATOOLS_TEST_DSN says. Values are checked against known vectors: Python's
uuid5/hashlib/hmac, PyJWT and jwt.io's published token, and JSON Schema examples."""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import time
import uuid
from pathlib import Path

import jwt
import psycopg
import pytest

from tests.conftest import run_cli, write


def migrate(tmp_path: Path, url: str, files: dict[str, str]) -> tuple[int, str]:
    """Apply ``files`` as a migrations folder with ``supatools migrate``; (code, stderr)."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    for name, text in files.items():
        write(migrations, name, text)
    run = run_cli("migrate", "--no-verify", "--db-url", url, cwd=tmp_path)
    return run.returncode, run.stderr


def names_to_hash() -> list[str]:
    """Names of every length across SHA-1's 55/56/64-byte block edges, ASCII and not."""
    rng = random.Random(22)
    alphabet = "abcxyz019-_./:ü€😀\u0301 "
    names = ["", "www.example.com", "python.org", "a" * 39, "a" * 40, "a" * 48, "ü" * 300]
    names += [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 140))) for _ in range(80)
    ]
    return names


# --- uuid-ossp and pgcrypto: SHA-1 ---------------------------------------------------------


def test_uuid_generate_v5_matches_the_real_extension_and_python(local_database: str) -> None:
    """The real uuid-ossp's documented vector, then Python's uuid5 over many names and the
    four namespaces (multi-block messages included)."""
    spaces = {
        "uuid_ns_dns()": uuid.NAMESPACE_DNS,
        "uuid_ns_url()": uuid.NAMESPACE_URL,
        "uuid_ns_oid()": uuid.NAMESPACE_OID,
        "uuid_ns_x500()": uuid.NAMESPACE_X500,
    }
    names = names_to_hash()
    with psycopg.connect(local_database, autocommit=True) as conn:
        row = conn.execute("SELECT uuid_generate_v5(uuid_ns_dns(), 'www.example.com')").fetchone()
        assert row == (uuid.UUID("2ed6657d-e927-568b-95e1-2665a8aea6a2"),)
        for call, namespace in spaces.items():
            got = conn.execute(
                f"SELECT array_agg(uuid_generate_v5({call}, n) ORDER BY o) "
                "FROM unnest(%s::text[]) WITH ORDINALITY AS t(n, o)",
                (names,),
            ).fetchone()
            assert got is not None
            assert got[0] == [uuid.uuid5(namespace, name) for name in names], call


def test_pgcrypto_digest_and_hmac_have_sha1(local_database: str) -> None:
    names = names_to_hash()
    with psycopg.connect(local_database, autocommit=True) as conn:
        row = conn.execute(
            "SELECT array_agg(encode(digest(n, 'sha1'), 'hex') ORDER BY o), "
            "array_agg(encode(hmac(n, 'key', 'SHA1'), 'hex') ORDER BY o) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS t(n, o)",
            (names,),
        ).fetchone()
    assert row is not None
    encoded = [name.encode() for name in names]
    assert row[0] == [hashlib.sha1(data).hexdigest() for data in encoded]
    assert row[1] == [hmac.new(b"key", data, "sha1").hexdigest() for data in encoded]


# --- pg_cron -----------------------------------------------------------------------------


def test_pg_cron_lands_in_pg_catalog_like_the_real_one(local_database: str, tmp_path: Path) -> None:
    """The real pg_cron.control says schema = pg_catalog: a plain `create extension
    pg_cron` (pgflow's) puts it there, not in public (where the audit would suggest
    dropping it, which on hosted deletes every job); Supabase's documented `with schema
    pg_catalog` applies and any other schema is refused, as with the real one."""
    code, stderr = migrate(
        tmp_path,
        local_database,
        {
            "20250101000000_cron.sql": "create extension if not exists pg_cron;\n"
            "select cron.schedule('n', '0 3 * * *', 'select 1');\n"
        },
    )
    assert code == 0, stderr
    assert "20250101000000_cron.sql:1: pg_cron is a stand-in on this server" in stderr
    query = "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_cron'"
    with psycopg.connect(local_database, autocommit=True) as conn:
        assert conn.execute(query).fetchone() == ("pg_catalog",)
        conn.execute("DROP EXTENSION pg_cron")
        with pytest.raises(psycopg.Error, match='must be installed in schema "pg_catalog"'):
            conn.execute("CREATE EXTENSION pg_cron WITH SCHEMA public")
        conn.execute("CREATE EXTENSION pg_cron WITH SCHEMA pg_catalog")
        assert conn.execute(query).fetchone() == ("pg_catalog",)


# --- pgjwt -------------------------------------------------------------------------------


JWT_IO = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
    "aWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)


def test_pgjwt_signs_and_verifies_as_pyjwt_and_jwt_io_do(
    local_database: str, tmp_path: Path
) -> None:
    code, stderr = migrate(
        tmp_path,
        local_database,
        {
            "20250101000000_jwt.sql": "create extension if not exists pgjwt "
            "with schema extensions;\n"
        },
    )
    assert code == 0, stderr
    assert "20250101000000_jwt.sql:1: pgjwt is a stand-in on this server" in stderr
    with psycopg.connect(local_database, autocommit=True) as conn:
        # jwt.io's published HS256 example
        payload = '{"sub":"1234567890","name":"John Doe","iat":1516239022}'
        row = conn.execute("SELECT sign(%s::json, 'your-256-bit-secret')", (payload,)).fetchone()
        assert row == (JWT_IO,)
        row = conn.execute(
            "SELECT valid, payload->>'name' FROM verify(%s, 'your-256-bit-secret')", (JWT_IO,)
        ).fetchone()
        assert row == (True, "John Doe")
        for algorithm in ("HS256", "HS384", "HS512"):
            claims = {"sub": "u-ü", "role": "authenticated", "exp": int(time.time()) + 600}
            secret = f"super-secret-{algorithm}-" + "k" * 70  # longer than a block, hashed
            expected = jwt.encode(claims, secret, algorithm=algorithm)
            compact = json.dumps(claims, separators=(",", ":"))
            signed = conn.execute(
                "SELECT sign(%s::json, %s, %s)", (compact, secret, algorithm)
            ).fetchone()
            assert signed == (expected,), algorithm  # byte for byte PyJWT's token
            checks = conn.execute(
                "SELECT (verify(%(t)s, %(s)s, %(a)s)).valid, (verify(%(t)s, 'wrong', %(a)s)).valid",
                {"t": expected, "s": secret, "a": algorithm},
            ).fetchone()
            assert checks == (True, False), algorithm
        secret = "s" * 32
        expired = jwt.encode({"exp": int(time.time()) - 10}, secret, algorithm="HS256")
        row = conn.execute("SELECT (verify(%s, %s)).valid", (expired, secret)).fetchone()
        assert row == (False,)


# --- pg_jsonschema -----------------------------------------------------------------------

PERSON = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 5, "pattern": "^[A-Z]"},
        "age": {"type": "integer", "minimum": 0, "maximum": 150},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
        "kind": {"enum": ["a", "b", None]},
    },
    "required": ["name"],
    "additionalProperties": False,
}

#: (schema, instance, valid): each keyword both ways, as the JSON Schema test suite does
JSON_SCHEMA_VECTORS = [
    (PERSON, {"name": "Ann", "age": 30, "tags": ["x"], "kind": None}, True),
    (PERSON, {"age": 30}, False),  # required
    (PERSON, {"name": "Ann", "extra": 1}, False),  # additionalProperties
    (PERSON, {"name": "Ann", "age": 30.5}, False),  # integer
    (PERSON, {"name": "Ann", "age": 30.0}, True),  # 30.0 is an integer
    (PERSON, {"name": "Ann", "age": -1}, False),  # minimum
    (PERSON, {"name": "Ann", "age": 151}, False),  # maximum
    (PERSON, {"name": ""}, False),  # minLength
    (PERSON, {"name": "Annabel"}, False),  # maxLength
    (PERSON, {"name": "ann"}, False),  # pattern
    (PERSON, {"name": "Ann", "tags": ["x", 1]}, False),  # items
    (PERSON, {"name": "Ann", "tags": ["x", "y", "z"]}, False),  # maxItems
    (PERSON, {"name": "Ann", "kind": "c"}, False),  # enum
    (PERSON, ["Ann"], False),  # type
    ({"type": ["string", "null"]}, None, True),
    ({"type": ["string", "null"]}, 1, False),
    ({"const": {"a": [1, 2]}}, {"a": [1, 2]}, True),
    ({"const": {"a": [1, 2]}}, {"a": [2, 1]}, False),
    ({"exclusiveMinimum": 0, "multipleOf": 0.5}, 1.5, True),
    ({"exclusiveMinimum": 0}, 0, False),
    ({"minimum": 0, "exclusiveMinimum": True}, 0, False),  # draft 4
    ({"multipleOf": 0.5}, 1.2, False),
    ({"uniqueItems": True}, [1, 2, 1], False),
    ({"uniqueItems": True}, [1, 2], True),
    ({"items": [{"type": "integer"}, {"type": "string"}]}, [1, "a", None], True),
    ({"items": [{"type": "integer"}], "additionalItems": False}, [1, 2], False),
    ({"prefixItems": [{"type": "integer"}], "items": {"type": "string"}}, [1, "a"], True),
    ({"prefixItems": [{"type": "integer"}], "items": {"type": "string"}}, [1, 2], False),
    ({"contains": {"type": "string"}}, [1, "a"], True),
    ({"contains": {"type": "string"}}, [1, 2], False),
    ({"anyOf": [{"type": "string"}, {"minimum": 2}]}, 3, True),
    ({"anyOf": [{"type": "string"}, {"minimum": 2}]}, 1, False),
    ({"oneOf": [{"minimum": 2}, {"minimum": 3}]}, 2.5, True),
    ({"oneOf": [{"minimum": 2}, {"minimum": 3}]}, 4, False),
    ({"allOf": [{"minimum": 2}, {"maximum": 3}]}, 4, False),
    ({"not": {"type": "null"}}, None, False),
    ({"if": {"minimum": 10}, "then": {"multipleOf": 2}, "else": {"maximum": 5}}, 12, True),
    ({"if": {"minimum": 10}, "then": {"multipleOf": 2}, "else": {"maximum": 5}}, 11, False),
    ({"if": {"minimum": 10}, "then": {"multipleOf": 2}, "else": {"maximum": 5}}, 7, False),
    (
        {"patternProperties": {"^x_": {"type": "integer"}}, "additionalProperties": False},
        {"x_a": 1},
        True,
    ),
    (
        {"patternProperties": {"^x_": {"type": "integer"}}, "additionalProperties": False},
        {"y": 1},
        False,
    ),
    ({"minProperties": 1, "maxProperties": 1}, {}, False),
    (
        {"$defs": {"pos": {"minimum": 0}}, "properties": {"n": {"$ref": "#/$defs/pos"}}},
        {"n": -1},
        False,
    ),
    (
        {"definitions": {"pos": {"minimum": 0}}, "items": {"$ref": "#/definitions/pos"}},
        [1, 2],
        True,
    ),
    (
        {"type": "object", "properties": {"child": {"$ref": "#"}}, "required": ["id"]},
        {"id": 1, "child": {"id": 2, "child": {}}},
        False,
    ),
    (True, {"anything": 1}, True),
    (False, 1, False),
    ({"format": "email"}, "not an email", True),  # format is an annotation: accepted
]


def test_pg_jsonschema_validates_the_common_keywords(local_database: str, tmp_path: Path) -> None:
    code, stderr = migrate(
        tmp_path,
        local_database,
        {
            "20250101000000_schema.sql": "create extension pg_jsonschema with schema extensions;\n"
            "create table public.people (id int, doc jsonb check (jsonb_matches_schema("
            f"'{json.dumps(PERSON)}', doc)));\n"
        },
    )
    assert code == 0, stderr
    assert "20250101000000_schema.sql:1: pg_jsonschema is a stand-in on this server" in stderr
    with psycopg.connect(local_database, autocommit=True) as conn:
        for schema, instance, valid in JSON_SCHEMA_VECTORS:
            row = conn.execute(
                "SELECT jsonb_matches_schema(%(s)s::json, %(i)s::jsonb), "
                "json_matches_schema(%(s)s::json, %(i)s::json), "
                "cardinality(jsonschema_validation_errors(%(s)s::json, %(i)s::json))",
                {"s": json.dumps(schema), "i": json.dumps(instance)},
            ).fetchone()
            assert row is not None
            assert row[:2] == (valid, valid), (schema, instance)
            assert (row[2] == 0) is valid, (schema, instance)
        conn.execute("""INSERT INTO public.people VALUES (1, '{"name": "Ann"}')""")
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("""INSERT INTO public.people VALUES (2, '{"name": "ann"}')""")
        errors = conn.execute(
            "SELECT jsonschema_validation_errors(%s::json, '{\"age\": -1}')", (json.dumps(PERSON),)
        ).fetchone()
        assert errors == (
            ['/: "name" is a required property', "/age: -1 is less than the minimum of 0"],
        )
        validity = conn.execute(
            'SELECT jsonschema_is_valid(%s), jsonschema_is_valid(\'{"type": "strin"}\'), '
            'jsonschema_is_valid(\'{"properties": {"a": {"pattern": "("}}}\'), '
            "jsonschema_is_valid('{\"required\": \"a\"}'), jsonschema_is_valid('[]')",
            (json.dumps(PERSON),),
        ).fetchone()
        assert validity == (True, False, False, False, False)


# --- pgsodium ----------------------------------------------------------------------------

#: the opening of a `supabase db pull` / `db remote commit` dump of 2023-24
DUMP_PREAMBLE = """SET statement_timeout = 0;
SET lock_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET client_min_messages = warning;
SET row_security = off;
CREATE EXTENSION IF NOT EXISTS "pgsodium" WITH SCHEMA "pgsodium";
COMMENT ON SCHEMA "public" IS 'standard public schema';
CREATE EXTENSION IF NOT EXISTS "pg_graphql" WITH SCHEMA "graphql";
CREATE EXTENSION IF NOT EXISTS "pg_stat_statements" WITH SCHEMA "extensions";
CREATE EXTENSION IF NOT EXISTS "pgcrypto" WITH SCHEMA "extensions";
CREATE EXTENSION IF NOT EXISTS "pgjwt" WITH SCHEMA "extensions";
CREATE EXTENSION IF NOT EXISTS "supabase_vault" WITH SCHEMA "vault";
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA "extensions";
"""


def test_a_2023_remote_dump_with_pgsodium_applies_and_nothing_is_encrypted(
    local_database: str, tmp_path: Path
) -> None:
    code, stderr = migrate(
        tmp_path,
        local_database,
        {
            "20240101000000_remote_schema.sql": DUMP_PREAMBLE
            + 'CREATE TABLE IF NOT EXISTS "public"."notes" ("id" bigint NOT NULL, '
            '"key_id" "uuid" REFERENCES "pgsodium"."key"("id"));\n'
            'GRANT SELECT ON TABLE "pgsodium"."valid_key" TO "authenticated";\n'
        },
    )
    assert code == 0, stderr
    assert "20240101000000_remote_schema.sql:9: pgsodium is a stand-in on this server" in stderr
    assert "NOTHING IS ENCRYPTED" in stderr
    with psycopg.connect(local_database, autocommit=True) as conn:
        key = conn.execute("SELECT (pgsodium.create_key(name := 'notes')).id").fetchone()
        assert key is not None
        row = conn.execute(
            "SELECT pgsodium.crypto_aead_det_encrypt('secret', 'ad', %s), "
            "pgsodium.crypto_aead_det_decrypt(pgsodium.crypto_aead_det_encrypt("
            "'secret', 'ad', %s), 'ad', %s), length(pgsodium.crypto_aead_det_keygen()), "
            "obj_description('pgsodium.key'::regclass)",
            (key[0], key[0], key[0]),
        ).fetchone()
        assert row is not None
        assert row[:3] == (b"secret", b"secret", 32)  # the "ciphertext" is the message
        assert "NOT secret and nothing is encrypted" in str(row[3])
        roles = conn.execute(
            "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'pgsodium\\_key%'"
        ).fetchone()
        assert roles == (3,)


# --- wrappers ----------------------------------------------------------------------------


def test_wrappers_ddl_applies_and_a_query_fails_naming_the_stand_in(
    local_database: str, tmp_path: Path
) -> None:
    """Supabase's documented Stripe set-up applies as it is; the first query of a foreign
    table fails naming the stand-in, with nothing sent anywhere."""
    code, stderr = migrate(
        tmp_path,
        local_database,
        {
            "20250101000000_stripe.sql": "create extension if not exists wrappers "
            "with schema extensions;\n"
            "create foreign data wrapper stripe_wrapper\n  handler stripe_fdw_handler\n"
            "  validator stripe_fdw_validator;\n"
            "create server stripe_server foreign data wrapper stripe_wrapper options "
            "(api_key_id '11111111-2222-3333-4444-555555555555', "
            "api_url 'https://api.stripe.com/v1');\n"
            "create schema if not exists stripe;\n"
            "create foreign table stripe.customers (id text, email text, attrs jsonb) "
            "server stripe_server options (object 'customers', rowid_column 'id');\n"
            "create foreign data wrapper bigquery_wrapper handler big_query_fdw_handler "
            "validator big_query_fdw_validator;\n"
        },
    )
    assert code == 0, stderr
    assert "20250101000000_stripe.sql:1: wrappers is a stand-in on this server" in stderr
    with psycopg.connect(local_database, autocommit=True) as conn:
        with pytest.raises(psycopg.Error, match="supatools stand-in wrappers: stripe_fdw_hand"):
            conn.execute("SELECT * FROM stripe.customers")
        with pytest.raises(psycopg.Error, match="supatools stand-in wrappers: stripe_fdw_hand"):
            conn.execute("IMPORT FOREIGN SCHEMA stripe FROM SERVER stripe_server INTO public")
        handlers = conn.execute(
            "SELECT array_agg(proname::text ORDER BY proname) FROM pg_proc "
            "WHERE prorettype = 'fdw_handler'::regtype "
            "AND pronamespace = 'extensions'::regnamespace"
        ).fetchone()
        assert handlers is not None
        assert {"stripe_fdw_handler", "s3_fdw_handler", "wasm_fdw_handler"} <= set(handlers[0])
        assert len(handlers[0]) == 14
        meta = conn.execute("SELECT name FROM extensions.stripe_fdw_meta()").fetchone()
        assert meta == ("Stripe (supatools stand-in)",)


# --- supabase_functions (Database Webhooks) ------------------------------------------------


def test_a_dumped_database_webhook_applies_and_records_its_request(
    local_database: str, tmp_path: Path
) -> None:
    """A remote dump's webhook trigger calls supabase_functions.http_request() as the CLI's
    local stack has it; a row change records the request through the pg_net stand-in."""
    code, stderr = migrate(
        tmp_path,
        local_database,
        {
            "20250101000000_hooks.sql": 'CREATE EXTENSION IF NOT EXISTS "pg_net" '
            'WITH SCHEMA "extensions";\n'
            'CREATE TABLE "public"."orders" ("id" bigint PRIMARY KEY, "total" numeric);\n'
            'CREATE OR REPLACE TRIGGER "order_hook" AFTER INSERT OR UPDATE ON "public"."orders" '
            'FOR EACH ROW EXECUTE FUNCTION "supabase_functions"."http_request"('
            "'https://example.com/functions/v1/order', 'POST', "
            '\'{"Content-type":"application/json"}\', \'{"q":"1"}\', \'5000\');\n'
        },
    )
    assert code == 0, stderr
    assert "20250101000000_hooks.sql:1: pg_net is a stand-in on this server" in stderr
    with psycopg.connect(local_database, autocommit=True) as conn:
        conn.execute("INSERT INTO public.orders VALUES (7, 12.5)")
        request = conn.execute(
            "SELECT method, url, headers, convert_from(body, 'UTF8')::jsonb, "
            "timeout_milliseconds FROM net.http_request_queue"
        ).fetchone()
        hook = conn.execute(
            "SELECT hook_table_id::regclass::text, hook_name FROM supabase_functions.hooks"
        ).fetchone()
    assert request == (
        "POST",
        "https://example.com/functions/v1/order?q=1",
        {"Content-type": "application/json"},
        {
            "type": "INSERT",
            "table": "orders",
            "schema": "public",
            "record": {"id": 7, "total": 12.5},
            "old_record": None,
        },
        5000,
    )
    assert hook == ("orders", "order_hook")


def test_a_webhook_without_pg_net_fails_saying_how_to_install_it(local_database: str) -> None:
    with psycopg.connect(local_database, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.t (id int)")
        conn.execute(
            "CREATE TRIGGER h AFTER INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION "
            "supabase_functions.http_request('https://example.com', 'POST')"
        )
        with pytest.raises(psycopg.errors.UndefinedObject, match="pg_net") as caught:
            conn.execute("INSERT INTO public.t VALUES (1)")
    assert caught.value.diag.message_hint == "CREATE EXTENSION pg_net WITH SCHEMA extensions"
