"""Issue 18, migrate: inputs checked before connecting, and failures that say what is true.

Item 7 (policies/ and seeds read before connecting), 12 (a read-only database is the
environment's failure), 14 (true messages: a no-transaction file's own BEGIN, a failed
backup, a seed's writes outside its transaction, role changes through set_config).
"""

from __future__ import annotations

import socket
import stat
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from supatools.errors import ConfigError, EnvironmentFailure, MigrationFileError
from supatools.migrations import failures, files, seed
from supatools.migrations.statements import parse
from supatools.rls.expectations import checked_statements
from tests.conftest import Database, run_cli, write

TABLE = "create table public.a (id int primary key);\n"


def closed_port_url() -> str:
    """A URL nothing listens at: a run that connects fails with exit 3."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"postgresql://postgres@127.0.0.1:{port}/postgres"


def error_line(stderr: str) -> str:
    [line] = [x for x in stderr.splitlines() if x.startswith("error:")]
    return line


def has_table(database: Database, name: str) -> bool:
    return database.scalar("select to_regclass(%s) is not null", (name,)) is True


# --- item 7: policies/ and the seed are read before anything connects -----------------------

BAD_POLICIES = """\
[tables.a]
rls = "enabled"
tests = [{ name = "sneaky", as = "anon", setup = "commit", query = "select 1", count = 1 }]
"""


def project(root: Path, policies: str | None = None, seed_sql: str | None = None) -> Path:
    (root / "migrations").mkdir()
    write(root / "migrations", "20250101000000_a.sql", TABLE)
    if policies is not None:
        (root / "policies").mkdir()
        write(root / "policies", "public.toml", policies)
    if seed_sql is not None:
        (root / "supabase").mkdir()
        write(root / "supabase", "seed.sql", seed_sql)
    return root


def test_an_invalid_policies_file_stops_migrate_before_it_connects(
    database: Database, tmp_path: Path
) -> None:
    root = project(tmp_path, policies=BAD_POLICIES)
    # nothing listens at this URL: exit 2 (not 3) proves no connection was needed
    unreachable = run_cli("migrate", "--db-url", closed_port_url(), cwd=root)
    assert unreachable.returncode == 2, unreachable.stderr
    line = error_line(unreachable.stderr)
    assert "public.toml" in line and "transaction control" in line
    run = run_cli("migrate", "--db-url", database.url, cwd=root)
    assert run.returncode == 2, run.stderr
    assert "transaction control" in error_line(run.stderr)
    assert database.applied_versions() == [] and not has_table(database, "public.a")
    # the audit is what reads policies/: without it the file is not in the way
    unverified = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=root)
    assert unverified.returncode == 0, unverified.stderr
    assert database.applied_versions() == ["20250101000000"]


@pytest.mark.parametrize(
    ("seed_sql", "what"),
    [
        ("insert into public.a values (1);\ncommit;\n", "transaction control"),
        ("select set_config('role', 'postgres', false);\n", "set_config"),
        (b"insert into public.a values (1); -- caf\xe9\n".decode("latin-1"), None),
    ],
    ids=["commit", "set_config-role", "latin-1"],
)
def test_an_invalid_seed_stops_migrate_seed_before_it_connects(
    database: Database, tmp_path: Path, seed_sql: str, what: str | None
) -> None:
    root = project(tmp_path, seed_sql=seed_sql)
    if what is None:  # not UTF-8
        (root / "supabase" / "seed.sql").write_bytes(seed_sql.encode("latin-1"))
    unreachable = run_cli("migrate", "--seed", "--db-url", closed_port_url(), cwd=root)
    assert unreachable.returncode == 2, unreachable.stderr
    line = error_line(unreachable.stderr)
    assert "seed.sql" in line and (what is None or what in line)
    run = run_cli("migrate", "--seed", "--db-url", database.url, cwd=root)
    assert run.returncode == 2, run.stderr
    assert database.applied_versions() == [] and not has_table(database, "public.a")


# --- item 12: a read-only database is the environment's failure (exit 3) ---------------------


def test_a_read_only_database_is_an_environment_failure(
    database: Database, tmp_path: Path, admin_dsn: str
) -> None:
    root = project(tmp_path)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET default_transaction_read_only = on").format(
                sql.Identifier(database.name)
            )
        )
    run = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=root)
    assert run.returncode == 3, run.stderr
    line = error_line(run.stderr)
    assert "read-only" in line and "primary" in line and "nothing was applied" in line
    assert "Traceback" not in run.stderr
    assert database.applied_versions() == [] and not has_table(database, "public.a")


def test_a_read_only_error_inside_a_migration_is_exit_3(
    database: Database, migrations_dir: Path
) -> None:
    """The mapping of SQLSTATE 25006 where a migration's statement fails (e.g. the server
    was made read-only by a configuration reload in the middle of a run), with the
    server's own error."""
    write(migrations_dir, "20250101000000_a.sql", TABLE)
    [migration] = files.discover(migrations_dir)
    parsed = parse(migration)
    with database.connect() as conn:
        conn.execute("BEGIN READ ONLY")
        with pytest.raises(psycopg.Error) as raised:
            conn.execute(parsed.statements[0].text)
        conn.execute("ROLLBACK")
    assert raised.value.sqlstate == "25006"
    failure = failures.failure(parsed, parsed.statements[0], 0, raised.value, None)
    assert isinstance(failure, EnvironmentFailure) and failure.exit_code == 3
    assert "_a.sql:1:1: the database is read-only" in failure.message
    assert "primary" in failure.message


# --- item 14a: a no-transaction file that opens its own transaction ----------------------------


def test_a_no_transaction_file_that_begins_says_what_was_rolled_back(
    database: Database, migrations_dir: Path
) -> None:
    write(
        migrations_dir,
        "20250101000000_own.sql",
        "-- supatools:no-transaction\n"
        "create table public.kept (id int);\n"
        "begin;\n"
        "create table public.undone (id int);\n"
        "insert into public.kept values (1);\n"
        "select 1 / 0;\n"
        "commit;\n",
    )
    run = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=migrations_dir.parent)
    assert run.returncode == 1
    line = error_line(run.stderr)
    assert "_own.sql:6:" in line and "22012" in line
    # the truth, as the database shows it below: one statement stays, the transaction the
    # file opened at line 3 (two statements) was rolled back
    assert "1 earlier statement(s) of this file stay applied" in line
    assert "the transaction it opened at line 3 was rolled back with its 2 statement(s)" in line
    assert "not recorded" in line
    assert has_table(database, "public.kept") and not has_table(database, "public.undone")
    assert database.scalar("select count(*) from public.kept") == 0
    assert database.applied_versions() == []


def test_a_no_transaction_file_counts_what_its_own_commit_kept(
    database: Database, migrations_dir: Path
) -> None:
    write(
        migrations_dir,
        "20250101000000_own.sql",
        "-- supatools:no-transaction\n"
        "begin;\n"
        "create table public.one (id int);\n"
        "create table public.two (id int);\n"
        "commit;\n"
        "create table public.three (id int);\n"
        "select 1 / 0;\n",
    )
    run = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=migrations_dir.parent)
    assert run.returncode == 1
    line = error_line(run.stderr)
    assert "3 earlier statement(s) of this file stay applied and it is not recorded" in line
    assert all(has_table(database, f"public.{n}") for n in ("one", "two", "three"))


# --- item 14b: a failed backup says what it did, and only migrate says nothing was migrated ---


def failing_pg_dump(database: Database, tmp_path: Path) -> Path:
    """A pg_dump stand-in that answers --version as the real one and fails otherwise."""
    from supatools.backup import find_tool, server_major_of

    real = find_tool("pg_dump", server_major_of(database.url))
    script = tmp_path / "pg_dump"
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "--version" ]; then exec "{real}" --version; fi\n'
        'echo "pg_dump: error: disk full" >&2\nexit 1\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_a_failed_backup_says_nothing_of_migrations_and_migrate_says_nothing_ran(
    database: Database, tmp_path: Path
) -> None:
    root = project(tmp_path)
    env = {"SUPATOOLS_PG_DUMP": str(failing_pg_dump(database, tmp_path))}
    alone = run_cli(
        "backup", "--out", str(tmp_path / "b.dump"), "--db-url", database.url, cwd=root, env=env
    )
    assert alone.returncode == 3, alone.stderr
    line = error_line(alone.stderr)
    assert "disk full" in line and "migrat" not in line  # backup runs no migration
    migrating = run_cli(
        "migrate", "--backup", "--no-verify", "--db-url", database.url, cwd=root, env=env
    )
    assert migrating.returncode == 3, migrating.stderr
    line = error_line(migrating.stderr)
    assert "disk full" in line and line.count("nothing was migrated") == 1
    assert database.applied_versions() == []


# --- item 14c: a seed's writes outside its transaction ----------------------------------------


def test_a_failed_seed_says_its_transaction_was_rolled_back_and_what_stays(
    database: Database, tmp_path: Path
) -> None:
    root = tmp_path
    (root / "migrations").mkdir()
    write(
        root / "migrations",
        "20250101000000_a.sql",
        TABLE + "create sequence public.tickets;\ncreate extension if not exists dblink;\n",
    )
    (root / "supabase").mkdir()
    other = database.url.replace("'", "''")
    write(
        root / "supabase",
        "seed.sql",
        "insert into public.a values (1);\n"
        f"select dblink_exec('{other}', 'insert into public.a values (2)');\n"
        "select nextval('public.tickets');\n"
        "select 1 / 0;\n",
    )
    run = run_cli("migrate", "--seed", "--no-verify", "--db-url", database.url, cwd=root)
    assert run.returncode == 1, run.stderr
    line = error_line(run.stderr)
    assert "seed.sql:4: seeding failed: SQLSTATE 22012" in line
    assert "nothing of the seed was applied" not in line
    assert "the seed's transaction was rolled back" in line
    assert "dblink" in line and "sequence" in line
    # what the message says, the database shows: the seed's own insert is gone, the row
    # written through the second connection and the sequence value stay
    assert database.scalar("select array_agg(id) from public.a") == [2]
    assert database.scalar("select is_called from public.tickets") is True
    assert database.applied_versions() == ["20250101000000"]


# --- item 14d: role changes through set_config, and the SET forms ----------------------------

ROLE_CHANGES = [
    "select set_config('role', 'postgres', false)",
    "select pg_catalog.set_config('session_authorization', 'postgres', true)",
    "select 1 where set_config('ROLE', 'postgres', true) is not null",
    "select set_config(U&'r\\006Fle', 'postgres', true)",
    "select set_config(current_setting('app.who'), 'postgres', true)",
    "select set_config('role'::text, 'postgres', true)",
    "with x as (select set_config('role', 'postgres', true)) select * from x",
    "set local role postgres",
    "reset role",
    "set session authorization postgres",
]


@pytest.mark.parametrize("statement", ROLE_CHANGES)
def test_a_role_change_is_refused_in_a_seed_and_a_behaviour_test(
    tmp_path: Path, statement: str
) -> None:
    path = write(tmp_path, "seed.sql", f"insert into t values (1);\n{statement};\n")
    with pytest.raises(MigrationFileError) as refused_seed:
        seed.read((path,))
    assert f"{path}:2: a seed may not run" in refused_seed.value.message
    with pytest.raises(ConfigError) as refused_test:
        checked_statements("policies/public.toml", "query", statement, one=True)
    assert "not allowed in a behaviour test" in refused_test.value.message


def test_set_config_of_other_settings_stays_allowed(tmp_path: Path) -> None:
    allowed = "select set_config('request.jwt.claims', '{}', true), set_config_x('role')"
    path = write(tmp_path, "seed.sql", f"{allowed};\n")
    assert [s.text for s in seed.read((path,))] == [allowed]
    assert checked_statements("p.toml", "query", allowed, one=True) == (allowed,)


def test_set_config_role_in_a_behaviour_test_is_refused_before_migrating(
    database: Database, tmp_path: Path
) -> None:
    """set_config('role', …) in a behaviour test's query is refused as SET ROLE is, when
    policies/ is read: exit 2 and nothing applied (before, the query ran as written)."""
    root = tmp_path
    (root / "migrations").mkdir()
    write(
        root / "migrations",
        "20250101000000_a.sql",
        TABLE + "alter table public.a enable row level security;\n"
        "insert into public.a values (1);\n"
        "grant select on public.a to anon;\n",
    )
    (root / "policies").mkdir()
    write(
        root / "policies",
        "public.toml",
        '[tables.a]\ndeny_all = true\ntests = [{ as = "anon", count = 1, query = '
        "\"select id from public.a where set_config('role', 'postgres', true) is not null\" }]\n",
    )
    run = run_cli("migrate", "--db-url", database.url, cwd=root)
    assert run.returncode == 2, run.stderr
    assert "set_config" in error_line(run.stderr)
    assert database.applied_versions() == []


def test_a_role_switch_hidden_in_a_seed_does_not_outlive_it(
    database: Database, tmp_path: Path
) -> None:
    """A DO block (or a function) can call set_config where no parse sees it: the seed
    ends with the connecting role restored, so the audit after it runs as that role."""
    path = write(
        tmp_path,
        "seed.sql",
        "do $$ begin perform set_config('role', 'anon', false); end $$;\n"
        "do $$ begin perform set_config('session_authorization', 'authenticated', false); "
        "end $$;\n",
    )
    with database.connect() as conn:
        connecting = conn.execute("select current_user").fetchone()
        done = seed.apply(conn, (path,))
        assert done.statements == 2
        assert (
            conn.execute("select current_user, session_user").fetchone()
            == (connecting[0] if connecting else None,) * 2
        )


def test_a_failed_seed_in_an_atomic_run_says_the_run_was_rolled_back(
    database: Database, tmp_path: Path
) -> None:
    root = project(tmp_path, seed_sql="insert into public.a values (1);\nselect 1 / 0;\n")
    run = run_cli(
        "migrate", "--atomic", "--seed", "--no-verify", "--db-url", database.url, cwd=root
    )
    assert run.returncode == 1, run.stderr
    line = error_line(run.stderr)
    assert "seed.sql:2: seeding failed" in line and "the --atomic run was rolled back" in line
    assert "migrations stay applied" not in line
    assert database.applied_versions() == [] and not has_table(database, "public.a")
