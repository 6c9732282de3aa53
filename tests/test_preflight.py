"""supatools preflight: key shapes, the API probe (against a stand-in), database checks."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import jwt
import psycopg
import pytest
from psycopg import sql

from supatools import preflight
from supatools.api import probe_admin
from supatools.settings import Settings
from tests.conftest import Database, run_cli, write
from tests.gateway import JWT_SECRET, SECRET_KEY, gateway

REF = "abcdefghijklmnopqrst"
PROJECT = f"https://{REF}.supabase.co"


def make_key(role: str, *, ref: str = REF, expires_in: int = 3600, secret: str = JWT_SECRET) -> str:
    claims = {
        "iss": "supabase",
        "ref": ref,
        "role": role,
        "iat": int(time.time()),
        "exp": int(time.time()) + expires_in,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


# --- the key, no network ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "status", "words"),
    [
        (None, "skip", "no key"),
        (make_key("service_role"), "pass", f"service_role JWT for project '{REF}'"),
        (make_key("anon"), "fail", "role 'anon'"),
        (make_key("authenticated"), "fail", "role 'authenticated'"),
        (make_key("service_role", expires_in=-60), "fail", "expired"),
        (make_key("service_role", ref="someoneelse"), "fail", "project 'someoneelse'"),
        ("sb_secret_abcdef0123456789", "pass", "sb_secret_"),
        ("sb_publishable_abcdef0123456789", "fail", "publishable"),
        ("definitely-not-a-key", "fail", "not a recognised"),
    ],
)
def test_key_cases(key: str | None, status: str, words: str) -> None:
    result = preflight.check_key(key, PROJECT)
    assert (result.status, words in result.detail) == (status, True), result
    if key and status != "pass":
        assert key not in result.detail + result.hint


def test_ref_is_not_checked_against_a_custom_domain() -> None:
    result = preflight.check_key(make_key("service_role", ref="x"), "https://api.example.com")
    assert result.status == "pass"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("postgresql://postgres.ref:pw@aws-0-eu-west-1.pooler.supabase.com:6543/postgres", "fail"),
        ("postgresql://postgres.ref:pw@aws-0-eu-west-1.pooler.supabase.com:5432/postgres", "pass"),
        ("postgresql://postgres:pw@db.ref.supabase.co/postgres", "pass"),
    ],
)
def test_pooler_check(url: str, status: str) -> None:
    checks = {c.id: c for c in preflight.check_db_url(url, "flag")}
    assert checks["pooler"].status == status
    if status == "fail":
        assert "pooler.supabase.com:5432/postgres" in checks["pooler"].hint
        assert ":pw@" not in checks["pooler"].hint


# --- the API, against the stand-in gateway ------------------------------------------------


@pytest.mark.parametrize(
    ("key", "status", "error_code"),
    [
        (make_key("service_role"), 200, None),
        (SECRET_KEY, 200, None),
        (make_key("anon"), 403, "not_admin"),
        (make_key("service_role", secret="a-different-secret-of-enough-length!"), 403, "bad_jwt"),
        ("", 401, "no_authorization"),
    ],
)
def test_admin_probe_reads_status_and_error_code(
    key: str, status: int, error_code: str | None
) -> None:
    with gateway() as url:
        probe = probe_admin(url, key)
    assert (probe.status, probe.error_code) == (status, error_code)


def test_api_check_passes_and_fails_with_supabase_error_code() -> None:
    with gateway() as url:
        assert preflight.check_api(url, make_key("service_role")).status == "pass"
        failed = preflight.check_api(url, make_key("anon"))
    assert failed.status == "fail" and "403 (not_admin)" in failed.detail
    assert preflight.check_api(None, "k").status == "skip"


def test_api_timeout_and_refused_connection_are_clear_failures() -> None:
    import socket

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        started = time.monotonic()
        probe = probe_admin(f"http://127.0.0.1:{port}", "k", total_timeout=1.0)
        assert probe.status == 0 and "answer" in probe.message and "in" in probe.message
        assert time.monotonic() - started < 5
    refused = probe_admin(f"http://127.0.0.1:{port}", "k")
    assert refused.status == 0 and "ConnectError" in refused.message


# --- the database -------------------------------------------------------------------------


@dataclass
class Role:
    name: str
    url: str


@pytest.fixture
def login_role(database: Database) -> Iterator[Role]:
    """A plain LOGIN role (no superuser, no CREATE on public), dropped afterwards."""
    name = f"limited_{uuid.uuid4().hex[:8]}"
    with database.connect() as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
        conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    parts = urlsplit(database.url)
    host = parts.netloc.rpartition("@")[2]
    yield Role(name, urlunsplit((parts.scheme, f"{name}@{host}", parts.path, parts.query, "")))
    with database.connect() as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (name,)
        )
        conn.execute(sql.SQL("DROP OWNED BY {} CASCADE").format(sql.Identifier(name)))
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


def checks_for(url: str, **settings: object) -> dict[str, preflight.CheckResult]:
    with psycopg.connect(url, autocommit=True) as conn:
        results = preflight.run_database_checks(conn, Settings(**settings), full=True)  # type: ignore[arg-type]
    return {c.id: c for c in results}


def test_correct_schema_passes_every_database_check(database: Database) -> None:
    with database.connect() as conn:
        conn.execute(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO service_role;"
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO service_role;"
            "CREATE TABLE public.notes (id serial PRIMARY KEY, body text);"
            "CREATE VIEW public.note_bodies AS SELECT body FROM public.notes;"
        )
    checks = checks_for(database.url)
    assert {k: c.status for k, c in checks.items()} == {
        "db_connect": "pass",
        "schema_create": "pass",
        "table_owner": "pass",
        "service_role": "pass",
        "service_role_grants": "pass",
        "default_privileges": "pass",
        "history": "pass",
    }


def test_role_without_create_fails_and_migrate_stops_before_the_lock(
    database: Database, login_role: Role, tmp_path: object
) -> None:
    checks = checks_for(login_role.url)
    assert checks["schema_create"].status == "fail"
    assert "public" in checks["schema_create"].detail
    from pathlib import Path

    migrations = Path(str(tmp_path)) / "m"
    migrations.mkdir()
    write(migrations, "20250101000000_t.sql", "create table public.t (id int);\n")
    run = run_cli("migrate", "--db-url", login_role.url, "--migrations-dir", str(migrations))
    assert run.returncode == 1 and "preflight schema_create" in run.stderr
    assert database.scalar("SELECT to_regclass('public.t')::text") is None


def test_tables_owned_by_another_role_fail_ownership(database: Database, login_role: Role) -> None:
    with database.connect() as conn:
        conn.execute("CREATE TABLE public.owned_by_postgres (id int)")
        conn.execute(
            sql.SQL("GRANT CREATE ON SCHEMA public TO {}").format(sql.Identifier(login_role.name))
        )
    checks = checks_for(login_role.url)
    assert checks["schema_create"].status == "pass"
    assert checks["table_owner"].status == "fail"
    assert "public.owned_by_postgres" in checks["table_owner"].detail


def test_revoked_grants_are_listed_with_the_grant_that_fixes_them(database: Database) -> None:
    with database.connect() as conn:
        conn.execute(
            "CREATE TABLE public.orders (id bigint GENERATED ALWAYS AS IDENTITY, total int);"
            "CREATE TABLE public.legacy (id serial);"
            "GRANT ALL ON public.orders, public.legacy TO service_role;"
            "REVOKE DELETE ON public.orders FROM service_role;"
            "CREATE FUNCTION public.secret() RETURNS int LANGUAGE sql AS 'select 1';"
            "REVOKE EXECUTE ON FUNCTION public.secret() FROM PUBLIC;"
        )
    grants = checks_for(database.url)["service_role_grants"]
    assert grants.status == "fail"
    assert "public.orders (DELETE)" in grants.detail
    assert "legacy_id_seq (USAGE)" in grants.detail  # serial needs it; identity does not
    assert "orders_id_seq" not in grants.detail
    assert "public.secret() (EXECUTE)" in grants.detail
    assert 'GRANT DELETE ON "public"."orders" TO service_role;' in grants.hint


def test_missing_default_privileges_warn_with_the_fix(database: Database) -> None:
    checks = checks_for(database.url)
    assert checks["default_privileges"].status == "warn"
    assert "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO service_role" in (
        checks["default_privileges"].hint
    )


def test_service_role_without_bypassrls_fails(database: Database) -> None:
    # service_role is cluster-wide and other tests run at the same time: the change is
    # made inside a transaction that is rolled back, so no other session ever sees it
    with psycopg.connect(database.url) as conn:
        conn.execute("ALTER ROLE service_role NOBYPASSRLS")
        results = preflight.run_database_checks(conn, Settings(), full=True)
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        conn.rollback()
    assert {c.id: c for c in results}["service_role"].status == "fail"


def test_schemas_come_from_authenticator_setting_or_flag(database: Database) -> None:
    with database.connect() as conn:
        conn.execute("CREATE SCHEMA api")
        conn.execute("CREATE TABLE api.items (id int)")
        conn.execute(
            sql.SQL(
                "ALTER ROLE authenticator IN DATABASE {} SET pgrst.db_schemas = 'api, storage'"
            ).format(sql.Identifier(database.name))
        )
    from supatools.schemas import exposed_schemas

    with database.connect() as conn:
        assert exposed_schemas(conn, Settings()) == (
            ("api",),
            "pgrst.db_schemas on role authenticator",
        )
        assert exposed_schemas(conn, Settings(schemas=("public",), schemas_source="flag")) == (
            ("public",),
            "flag",
        )
    assert (
        "api.items (SELECT, INSERT, UPDATE, DELETE)"
        in checks_for(database.url)["service_role_grants"].detail
    )


# --- the command --------------------------------------------------------------------------


def test_preflight_json_exit_codes_and_no_secret_in_output(database: Database) -> None:
    key = make_key("service_role")
    with gateway() as url:
        ok = run_cli(
            "preflight",
            "--json",
            "--db-url",
            database.url,
            env={"SUPABASE_URL": url, "SUPABASE_SERVICE_ROLE_KEY": key},
        )
        bad = run_cli(
            "preflight",
            "--json",
            "--db-url",
            database.url,
            env={"SUPABASE_URL": url, "SUPABASE_SERVICE_ROLE_KEY": make_key("anon")},
        )
        table = run_cli(
            "preflight",
            "--db-url",
            database.url,
            env={"SUPABASE_URL": url, "SUPABASE_SERVICE_ROLE_KEY": key},
        )
    document = json.loads(ok.stdout)
    assert ok.returncode == 0, ok.stdout
    assert document["ok"] is True
    assert {c["id"]: c["status"] for c in document["checks"]}["api_admin"] == "pass"
    assert set(document["checks"][0]) == {"id", "status", "detail", "hint"}
    assert bad.returncode == 1 and json.loads(bad.stdout)["ok"] is False
    assert "not_admin" in bad.stdout
    assert table.returncode == 0 and "PASS  api_admin" in table.stdout
    for text in (ok.stdout, ok.stderr, bad.stdout, bad.stderr, table.stdout, table.stderr):
        assert key not in text and key[-20:] not in text


def test_preflight_without_a_database_fails_db_url() -> None:
    run = run_cli("preflight", "--json")
    checks = {c["id"]: c["status"] for c in json.loads(run.stdout)["checks"]}
    assert run.returncode == 1 and checks["db_url"] == "fail" and checks["api_admin"] == "skip"


def _serve_once(answer: bytes, *, trickle: float = 0.0) -> tuple[int, threading.Thread]:
    """A raw HTTP peer on 127.0.0.1 answering one request with ``answer`` (byte by byte
    every ``trickle`` seconds when set). Not Supabase: a hostile or wrong endpoint."""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]

    def run() -> None:
        conn, _ = server.accept()
        try:
            conn.recv(65536)
            if trickle:
                for byte in answer:
                    conn.sendall(bytes([byte]))
                    time.sleep(trickle)
            else:
                conn.sendall(answer)
        except OSError:
            pass
        finally:
            conn.close()
            server.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return port, thread


def test_trickling_headers_hit_one_hard_deadline() -> None:
    """Issue 7 item 18: a peer sending a header byte every 0.2 s never ends the read
    timeout, but the whole exchange is bounded."""
    port, _ = _serve_once(b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 500, trickle=0.2)
    started = time.monotonic()
    probe = probe_admin(f"http://127.0.0.1:{port}", "k", total_timeout=1.5)
    assert time.monotonic() - started < 3
    assert probe.status == 0 and "within 1.5s" in probe.message


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"<html>welcome</html>", "not with Supabase Auth's admin users list"),
        (b'{"message": "ok"}', "not with Supabase Auth's admin users list"),
        (b"[" + b"1," * 700_000 + b"1]", "larger than"),
    ],
)
def test_a_200_that_is_not_the_admin_users_list_fails(body: bytes, words: str) -> None:
    head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    port, _ = _serve_once(head + body)
    probe = probe_admin(f"http://127.0.0.1:{port}", "k")
    assert probe.status == 0 and words in probe.message


@pytest.mark.parametrize(
    ("url", "env", "status"),
    [
        ("postgresql://u:pw@db.x.supabase.co/postgres", {"PGPORT": "6543"}, "fail"),
        ("postgresql://u:pw@h1:5432,h2:6543/postgres", {}, "fail"),
        ("host=h1,h2 port=6543,6543 user=u", {}, "fail"),
        ("postgresql://u:pw@db.x.supabase.co/postgres", {"PGPORT": "5432"}, "pass"),
    ],
)
def test_pooler_is_seen_on_the_port_libpq_will_use(
    monkeypatch: pytest.MonkeyPatch, url: str, env: dict[str, str], status: str
) -> None:
    """Issue 7 item 12."""
    monkeypatch.delenv("PGPORT", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    checks = {c.id: c for c in preflight.check_db_url(url, "flag")}
    assert checks["pooler"].status == status
