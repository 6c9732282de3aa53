"""Issue 7: nothing lost, no secret shown, no traceback. Each test names the item it covers;
every one drives real PostgreSQL (or the stand-in gateway for HTTP)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from psycopg import sql

from supatools.errors import ConfigError
from tests.conftest import Database, run_cli, write
from tests.gateway import gateway
from tests.test_rls import GOOD, run_audit


def invoke(
    cwd: Path,
    *args: str,
    env: dict[str, str] | None = None,
) -> tuple[int, str, str]:
    """The real command line, in-process (conftest's run_cli): (exit code, stdout, stderr)."""
    run = run_cli(*args, cwd=cwd, env=env)
    return run.returncode, run.stdout, run.stderr


def good_project(tmp_path: Path) -> Path:
    """A project whose migrations folder holds one correct table (GOOD)."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_good.sql", GOOD)
    return migrations


def checks_by_id(preflight_json: str) -> dict[str, dict[str, str]]:
    """preflight --json output, its checks by id."""
    return {c["id"]: c for c in json.loads(preflight_json)["checks"]}


# --- item 1: behaviour tests cannot change anything ---------------------------------------

ESCAPES = [
    ('query = "commit; drop table public.victim"', "transaction control"),
    ('query = "select count(*) from public.victim; delete from public.victim"', "2 statements"),
    ('setup = "commit; create table public.planted (x int)"\nquery = "select 1"', "transaction"),
    ('query = "rollback"', "transaction control"),
    ('query = "reset role"', "change of role"),
    ('query = "set role postgres"', "change of role"),
    ("query = \"copy public.victim to program 'true'\"", "COPY"),
    ('setup = "discard all"\nquery = "select 1"', "DISCARD"),
]


@pytest.mark.parametrize(("test_body", "words"), ESCAPES)
def test_behaviour_test_cannot_commit_or_escape(
    database: Database, tmp_path: Path, test_body: str, words: str
) -> None:
    """Item 1: refused when policies/ is read (exit 2, file and key named); nothing runs."""
    setup = GOOD + "create table public.victim (x int); insert into public.victim select 1;"
    toml = f'[[tables.notes.tests]]\nas = "anon"\n{test_body}\ncount = 1\n'
    with pytest.raises(ConfigError, match=r"public.toml: \[tables.notes\].tests\[0\]") as caught:
        run_audit(database, setup, tmp_path, toml)
    assert caught.value.exit_code == 2 and words in caught.value.message
    assert database.scalar("select count(*) from public.victim") == 1
    assert database.scalar("select to_regclass('public.planted')") is None


def test_a_procedure_that_commits_cannot_end_the_test_transaction(
    database: Database, tmp_path: Path
) -> None:
    """Item 1, the third wall: a CALL whose body commits fails inside our transaction."""
    setup = (
        GOOD + "create table public.victim (x int); insert into public.victim select 1;"
        "create procedure public.sneaky() language plpgsql security definer as "
        "$$ begin delete from public.victim; commit; end $$;"
        "grant execute on procedure public.sneaky() to anon;"
    )
    toml = (
        '[[tables.notes.tests]]\nas = "service_role"\nquery = "call public.sneaky()"\ncount = 0\n'
    )
    result = run_audit(database, setup, tmp_path, toml)
    failed = [f.detail for f in result.findings if f.rule == "behaviour_test_failed"]
    assert len(failed) == 1 and "invalid transaction termination" in failed[0]
    assert database.scalar("select count(*) from public.victim") == 1


def test_atomic_rolls_back_and_proves_it(
    database: Database,
    tmp_path: Path,
) -> None:
    """Item 2: --atomic with a failing audit (a behaviour test) rolls back, verified."""
    migrations = good_project(tmp_path)
    write(
        migrations,
        "20250102000000_data.sql",
        "create table public.victim (x int);\n"
        "insert into public.victim select generate_series(1, 1000);",
    )
    (tmp_path / "policies").mkdir()
    write(
        tmp_path / "policies",
        "public.toml",
        '[[tables.notes.tests]]\nas = "anon"\nquery = "select 1"\ncount = 2\n',
    )
    code, out, err = invoke(tmp_path, "migrate", "--atomic", "--db-url", database.url)
    assert code == 1 and "rolled back" in err
    assert database.applied_versions() == []
    assert database.scalar("select to_regclass('public.victim')") is None


def test_atomic_refuses_to_claim_a_rollback_it_cannot_prove(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 2: if anything ends the --atomic transaction, say so; never claim a rollback."""
    from supatools.commands import hooks as run_hooks
    from supatools.errors import MigrationFailed
    from supatools.rls import audit as audit_module
    from supatools.settings import Settings

    migrations = good_project(tmp_path)

    def committing_audit(conn, settings, fail_on, known=None):  # type: ignore[no-untyped-def]
        conn.execute("COMMIT")  # what a behaviour test could do before the fix
        return real_audit(conn, settings, fail_on, known)

    real_audit = audit_module.audit
    monkeypatch.setattr(audit_module, "audit", committing_audit)
    settings = Settings(migrations_dir=migrations, policies_dir=tmp_path / "none")
    with pytest.raises(MigrationFailed, match="ended before supatools could decide"):
        run_hooks.migrate(settings, database.url, atomic=True)


# --- items 4-6: no secret in any output ----------------------------------------------------

HOSTILE = ["p#ss?w/rd", "a@b[c]d", "pct%41x", "co:lon's sp ace"]
KEY = "sb_secret_" + "Kx9" * 8


def _role_url(base: str, role: str, password: str) -> str:
    parts = urlsplit(base)
    host = parts.hostname or "127.0.0.1"
    port = f":{parts.port}" if parts.port else ""
    netloc = f"{role}:{quote(password, safe='')}@{host}{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


@pytest.mark.parametrize("password", HOSTILE)
def test_no_secret_in_any_output_of_any_command_or_mode(
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    password: str,
) -> None:
    """Items 4, 5, 6: every command and mode, hostile passwords, a key with a trailing newline."""
    role = "pw_" + os.urandom(4).hex()
    with database.connect() as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN SUPERUSER PASSWORD {}").format(
                sql.Identifier(role), sql.Literal(password)
            )
        )
    url = _role_url(database.url, role, password)
    dead = _role_url("postgresql://127.0.0.1:1/postgres", role, password)
    bogus = url + ("&" if "?" in url else "?") + "sslmode=bogus"
    good_project(tmp_path)
    write(tmp_path, ".env", f"SUPABASE_SECRET_KEY={KEY}\n")
    env = {"SUPABASE_SECRET_KEY": KEY + "\n\t"}
    runs = [
        ("migrate", "--list", "--json"),
        ("migrate", "--status", "--db-url", url),
        ("migrate", "--status", "--json", "--db-url", url),
        ("migrate", "--dry-run", "--db-url", url),
        ("migrate", "--dry-run", "--json", "--db-url", url),
        ("migrate", "--json", "--db-url", url),
        ("migrate", "--db-url", url),
        ("verify-rls", "--db-url", url),
        ("verify-rls", "--json", "--db-url", url),
        ("preflight", "--db-url", url),
        ("preflight", "--json", "--db-url", url, "--supabase-url", "http://127.0.0.1:1"),
        ("migrate", "--json", "--db-url", dead),
        ("verify-rls", "--db-url", dead),
        ("preflight", "--json", "--db-url", dead),
        ("migrate", "--db-url", bogus),
        ("migrate", "--status", "--bogus-flag", "--db-url", url),
    ]
    seen: list[str] = []
    for args in runs:
        code, out, err = invoke(tmp_path, *args, env=env)
        assert "Traceback" not in err, (args, err)
        if "--json" in args:
            json.loads(out)  # one document, also on failure
        seen.append(out + err)
    # a forced crash: the traceback is shown (a bug) but scrubbed
    from supatools.migrations import status

    def crash(*_: object, **__: object) -> None:
        raise RuntimeError(f"boom with {url} and {password} and {KEY!r}")

    monkeypatch.setattr(status, "status", crash)  # the --status engine
    code, out, err = invoke(tmp_path, "migrate", "--status", "--db-url", url)
    assert code == 1 and "Traceback" in err and "this is a bug" in err
    seen.append(out + err)
    for text in seen:
        for secret in (password, quote(password, safe=""), KEY):
            assert secret not in text, (secret, text)


def test_supabase_url_that_is_not_a_url_and_non_ascii_key_are_one_line(
    tmp_path: Path,
) -> None:
    """Item 9."""
    code, out, err = invoke(
        tmp_path,
        "preflight",
        "--json",
        "--supabase-url",
        "http://[::1",
        env={"SUPABASE_SECRET_KEY": "sb_secret_abc"},
    )
    checks = checks_by_id(out)
    assert code == 1 and checks["api_admin"]["status"] == "fail" and "Traceback" not in err
    code, out, err = invoke(
        tmp_path,
        "preflight",
        "--json",
        "--supabase-url",
        "http://127.0.0.1:1",
        env={"SUPABASE_SECRET_KEY": "sb_secret_abcé"},
    )
    checks = checks_by_id(out)
    assert checks["service_key"]["status"] == "fail" and "Traceback" not in err


def test_trimmed_key_is_said_and_accepted_by_the_gateway(
    tmp_path: Path,
) -> None:
    """Item 5: a trailing newline is removed (and said), so the API check really runs."""
    from tests.gateway import SECRET_KEY

    with gateway() as base:
        code, out, err = invoke(
            tmp_path,
            "preflight",
            "--json",
            "--supabase-url",
            base,
            env={"SUPABASE_SECRET_KEY": SECRET_KEY + "\r\n"},
        )
    checks = checks_by_id(out)
    assert checks["api_admin"]["status"] == "pass"
    assert "whitespace removed" in checks["service_key"]["detail"]
    assert SECRET_KEY not in out + err


# --- item 9: driver errors are one line, everywhere ---------------------------------------


def test_old_cli_history_without_name_or_statements_is_read(
    database: Database,
    tmp_path: Path,
) -> None:
    with database.connect() as conn:
        conn.execute(
            "create schema supabase_migrations;"
            "create table supabase_migrations.schema_migrations (version text primary key);"
            "insert into supabase_migrations.schema_migrations values ('20240101000000'), ('abc')"
        )
    good_project(tmp_path)
    code, out, err = invoke(tmp_path, "migrate", "--status", "--json", "--db-url", database.url)
    states = {m["version"]: m["state"] for m in json.loads(out)["migrations"]}
    # item 16: the foreign 'abc' row is shown and does not make the new file out-of-order
    assert states == {"20240101000000": "missing", "abc": "missing", "20250101000000": "pending"}
    assert code == 0, err
    code, out, err = invoke(tmp_path, "migrate", "--dry-run", "--json", "--db-url", database.url)
    assert code == 0 and json.loads(out)["ok"] is True


def test_rls_on_the_history_table_is_detected_before_anything_runs(
    database: Database,
    tmp_path: Path,
) -> None:
    """Item 17: a non-owner without BYPASSRLS would see no history and re-run everything."""
    good_project(tmp_path)
    assert invoke(tmp_path, "migrate", "--db-url", database.url)[0] == 0
    _, url = _login_role(
        database,
        "mig_",
        "GRANT ALL ON SCHEMA public, supabase_migrations TO {r};"
        "GRANT ALL ON ALL TABLES IN SCHEMA supabase_migrations TO {r};"
        "GRANT CREATE ON DATABASE {d} TO {r};"
        "ALTER TABLE supabase_migrations.schema_migrations ENABLE ROW LEVEL SECURITY",
    )
    code, out, err = invoke(tmp_path, "migrate", "--no-verify", "--db-url", url)
    assert code == 1 and "row level security applies" in err and "Traceback" not in err
    assert database.applied_versions() == ["20250101000000"]


def test_read_only_database_fails_preflight_and_migrate(
    database: Database,
    tmp_path: Path,
) -> None:
    """Item 9: default_transaction_read_only=on."""
    with database.connect() as conn:
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET default_transaction_read_only = on").format(
                sql.Identifier(database.name)
            )
        )
    good_project(tmp_path)
    code, out, err = invoke(tmp_path, "preflight", "--json", "--db-url", database.url)
    checks = checks_by_id(out)
    assert (
        code == 1
        and checks["history"]["status"] == "fail"
        and "read-only" in checks["history"]["detail"]
    )
    code, out, err = invoke(tmp_path, "migrate", "--db-url", database.url)
    # preflight's check fails (exit 1); for migrate it is the environment (exit 3)
    assert code == 3 and "read-only" in err and "Traceback" not in err


def test_client_encoding_set_in_one_file_does_not_leak_into_the_next(
    database: Database,
    tmp_path: Path,
) -> None:
    """Item 9: SET client_encoding in a migration."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_enc.sql", "set client_encoding = 'LATIN1';\nselect 1;\n")
    write(
        migrations,
        "20250102000000_next.sql",
        "create table public.ünïcode (name text default 'żółw');\n",
    )
    code, out, err = invoke(tmp_path, "migrate", "--no-verify", "--db-url", database.url)
    assert code == 0, err
    assert (
        database.scalar(
            "select column_default from information_schema.columns where table_name = 'ünïcode'"
        )
        == "'żółw'::text"
    )


def test_usage_errors_are_one_line_and_json_stays_one_document(
    tmp_path: Path,
) -> None:
    """Item 13."""
    code, out, err = invoke(tmp_path, "migrate", "--frobnicate")
    assert code == 2 and err.count("\n") == 1 and err.startswith("error: ") and out == ""
    code, out, err = invoke(tmp_path, "verify-rls", "--frobnicate", "--json")
    assert code == 2 and json.loads(out)["error"]["exit_code"] == 2
    code, out, err = invoke(
        tmp_path,
        "migrate",
        "--list",
        "--migrations-dir",
        str(tmp_path / "none"),
    )
    assert code == 2 and err.count("\n") == 1


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("mysql://u:pw@127.0.0.1/db", "not a PostgreSQL URL"),
        ("postgresql://u:pw@127.0.0.1:5432/db?sslmode=bogus", "invalid sslmode value"),
        ("postgresql://u:pw@127.0.0.1:99999/db", "invalid port number"),
    ],
)
def test_bad_configuration_is_exit_2_everywhere(
    tmp_path: Path,
    url: str,
    words: str,
) -> None:
    """Item 12."""
    (tmp_path / "migrations").mkdir()
    for command in (("migrate",), ("migrate", "--status"), ("verify-rls",)):
        code, out, err = invoke(tmp_path, *command, "--db-url", url)
        assert code == 2 and words in err, (command, err)


def test_connection_lost_mid_migration_is_exit_3_and_rolled_back(
    database: Database,
    tmp_path: Path,
) -> None:
    """Item 10: the backend is terminated while a migration runs."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(
        migrations,
        "20250101000000_slow.sql",
        "create table public.half (x int);\n"
        "select pg_terminate_backend(pg_backend_pid());\n"
        "create table public.other (x int);\n",
    )
    code, out, err = invoke(tmp_path, "migrate", "--no-verify", "--db-url", database.url)
    assert code == 3 and "connection lost" in err and "rolled back" in err
    assert database.applied_versions() == []
    assert database.scalar("select to_regclass('public.half')") is None


def test_a_run_waiting_for_the_lock_whose_backend_is_terminated_is_exit_3(
    database: Database,
    tmp_path: Path,
) -> None:
    """Item 9: the backend is terminated while it waits for the migration lock."""
    import threading
    import time

    from supatools.db import MIGRATION_LOCK_KEY

    good_project(tmp_path)
    terminated: list[int] = []

    def terminate_the_waiter() -> None:
        with database.connect() as conn:
            for _ in range(300):
                row = conn.execute(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    " AND database = (SELECT oid FROM pg_database WHERE datname = %s)",
                    (database.name,),
                ).fetchone()
                if row:
                    conn.execute("SELECT pg_terminate_backend(%s)", (row[0],))
                    terminated.append(int(str(row[0])))
                    return
                time.sleep(0.05)

    with database.connect() as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        killer = threading.Thread(target=terminate_the_waiter)
        killer.start()
        code, out, err = invoke(tmp_path, "migrate", "--lock-wait", "60s", "--db-url", database.url)
        killer.join()
    assert terminated, "the run never waited for the lock"
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 3 and len(errors) == 1 and "connection lost" in errors[0], err
    assert "Traceback" not in err
    assert database.applied_versions() == []
    assert database.scalar("select to_regclass('public.notes')") is None


def _login_role(database: Database, prefix: str, grants: str = "") -> tuple[str, str]:
    """A fresh LOGIN role without superuser, and a URL connecting as it."""
    role = prefix + os.urandom(3).hex()
    with database.connect() as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
        if grants:
            conn.execute(
                sql.SQL(grants).format(r=sql.Identifier(role), d=sql.Identifier(database.name))
            )
    parts = urlsplit(database.url)
    url = urlunsplit((parts.scheme, f"{role}@{parts.hostname}:{parts.port}", parts.path, "", ""))
    return role, url


def test_behaviour_tests_by_a_role_not_member_of_anon_fail_as_a_test(
    database: Database,
    tmp_path: Path,
) -> None:
    """Item 9: the connecting role cannot SET ROLE anon: a failing test naming the fix."""
    with database.connect() as conn:
        conn.execute(GOOD)
    role, url = _login_role(database, "aud_")
    policies = tmp_path / "policies"
    policies.mkdir()
    write(
        policies,
        "public.toml",
        '[[tables.notes.tests]]\nname = "anon is refused"\nas = "anon"\n'
        'query = "select * from public.notes"\nrefused = true\n',
    )
    code, out, err = invoke(tmp_path, "verify-rls", "--json", "--db-url", url)
    findings = json.loads(out)["findings"]
    failed = [f for f in findings if f["rule"] == "behaviour_test_failed"]
    assert code == 1 and "Traceback" not in err
    assert len(failed) == 1 and "cannot act as anon" in failed[0]["detail"]
    assert "GRANT anon TO <migration role>" in failed[0]["detail"]


def test_history_schema_owned_by_another_role_is_one_line_before_anything_runs(
    database: Database,
    tmp_path: Path,
) -> None:
    """Item 9: supabase_migrations belongs to someone else; the migration role cannot write it."""
    good_project(tmp_path)
    owner, _ = _login_role(database, "own_")
    with database.connect() as conn:
        conn.execute(
            sql.SQL("CREATE SCHEMA supabase_migrations AUTHORIZATION {}").format(
                sql.Identifier(owner)
            )
        )
    _, url = _login_role(database, "mig_", "GRANT ALL ON SCHEMA public TO {r}")
    code, out, err = invoke(tmp_path, "preflight", "--json", "--db-url", url)
    history = checks_by_id(out)["history"]
    assert code == 1 and history["status"] == "fail", history
    assert "supabase_migrations" in history["detail"]
    code, out, err = invoke(tmp_path, "migrate", "--db-url", url)
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 1 and len(errors) == 1 and "supabase_migrations" in errors[0], err
    assert "Traceback" not in err
    assert database.scalar("select to_regclass('public.notes')") is None
    assert database.scalar("select to_regclass('supabase_migrations.schema_migrations')") is None
