"""supatools rollback against real PostgreSQL (issue 11)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, Database, run_cli, write

#: the shape of public and the default privileges, to compare two databases
CATALOG = """
SELECT 'relation', c.relname, c.relkind::text,
       coalesce(array_to_string(c.relacl, ','), ''), c.relrowsecurity::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
UNION ALL
SELECT 'column', c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod),
       a.attnotnull::text, ''
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'policy', tablename || '.' || policyname, cmd, array_to_string(roles, ','),
       coalesce(qual, '') || coalesce(with_check, '')
FROM pg_policies WHERE schemaname = 'public'
UNION ALL
SELECT 'index', indexname, indexdef, '', '' FROM pg_indexes WHERE schemaname = 'public'
UNION ALL
SELECT 'default acl', defaclobjtype::text, array_to_string(defaclacl, ','), '', ''
FROM pg_default_acl
ORDER BY 1, 2, 3
"""


def catalog(db: Database) -> list[tuple[object, ...]]:
    with db.connect() as conn:
        return conn.execute(CATALOG).fetchall()


def example(tmp_path: Path) -> Path:
    """A copy of the example app's migrations and their rollbacks (its policies/ expect
    every table, so a gate after rolling some back would rightly fail on them)."""
    shutil.copytree(REPO / "migrations", tmp_path / "migrations")
    return tmp_path


def test_the_example_app_rolls_back_to_its_first_migration_and_forward_again(
    database: Database, another_database: Database, tmp_path: Path
) -> None:
    project = example(tmp_path)
    first = "20250327180000"
    assert run_cli("migrate", "--db-url", database.url, cwd=project).returncode == 0
    run = run_cli("rollback", "--to", first, "--no-verify", "--db-url", database.url, cwd=project)
    assert run.returncode == 0, run.stderr
    assert "rolled back 5 migration(s)" in run.stdout
    assert database.applied_versions() == [first]
    # the schema equals a fresh apply of the first migration alone
    fresh = another_database
    alone = run_cli("migrate", "--file", first, "--no-verify", "--db-url", fresh.url, cwd=project)
    assert alone.returncode == 0, alone.stderr
    assert catalog(database) == catalog(fresh)
    # and forward to the head again
    again = run_cli("migrate", "--db-url", database.url, cwd=project)
    assert again.returncode == 0, again.stderr
    assert len(database.applied_versions()) == 6


def test_dry_run_prints_the_plan_and_sql_and_writes_nothing(
    database: Database, tmp_path: Path
) -> None:
    project = example(tmp_path)
    run_cli("migrate", "--db-url", database.url, cwd=project)
    before = catalog(database)
    run = run_cli("rollback", "--last", "2", "--dry-run", "--db-url", database.url, cwd=project)
    assert run.returncode == 0, run.stderr
    assert "2 rollback(s) would run" in run.stdout
    assert run.stdout.index("workouts_started_at_index.down.sql (undoes") < run.stdout.index(
        "training_plans.down.sql (undoes"
    )
    # what it would destroy comes first: the (empty) table its down file drops
    assert "-- 1 statement(s) destroy rows; 0 would destroy live rows:" in run.stdout
    assert "training_plans.down.sql:" in run.stdout and "public.training_plans (0 row(s))" in (
        run.stdout
    )
    assert "drop index concurrently" in run.stdout and "outside a transaction" in run.stdout
    assert catalog(database) == before and len(database.applied_versions()) == 6
    document = json.loads(
        run_cli(
            "rollback", "--last", "1", "--dry-run", "--json", "--db-url", database.url, cwd=project
        ).stdout
    )
    assert [r["version"] for r in document["rollbacks"]] == ["20250331080000"]


def test_last_n_rolls_back_newest_first_with_the_rls_gate(
    database: Database, tmp_path: Path
) -> None:
    project = example(tmp_path)
    run_cli("migrate", "--db-url", database.url, cwd=project)
    run = run_cli("rollback", "--last", "2", "--json", "--db-url", database.url, cwd=project)
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)
    assert [r["version"] for r in document["rolled_back"]] == ["20250331080000", "20250330120000"]
    assert document["verify"]["ok"] is True
    assert database.scalar("select to_regclass('public.training_plans')") is None
    assert len(database.applied_versions()) == 4


def two_migrations(project: Path) -> Path:
    migrations = project / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_a.sql", "create table public.a (id int);\n")
    write(migrations, "20250101000000_a.down.sql", "drop table public.a;\n")
    write(migrations, "20250102000000_b.sql", "create table public.b (id int);\n")
    write(migrations, "20250102000000_b.down.sql", "drop table public.b;\n")
    return migrations


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("missing_down", "has no rollback file"),
        ("modified", "changed since it was applied"),
        ("unmarked_concurrent", "does not say '-- supatools:no-transaction'"),
        ("not_applied", "is not applied"),
    ],
)
def test_refusals_happen_before_anything_is_rolled_back(
    database: Database, tmp_path: Path, change: str, words: str
) -> None:
    migrations = two_migrations(tmp_path)
    if change == "unmarked_concurrent":
        write(migrations, "20250103000000_c.sql", "create index concurrently c on public.a (id);\n")
        write(migrations, "20250103000000_c.down.sql", "drop index public.c;\n")
    run = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    applied = database.applied_versions()
    if change == "missing_down":
        (migrations / "20250101000000_a.down.sql").unlink()
    if change == "modified":
        write(migrations, "20250101000000_a.sql", "create table public.a (id bigint);\n")
    target = (
        ["--to", "20241231000000"] if change == "not_applied" else ["--last", str(len(applied))]
    )
    run = run_cli("rollback", *target, "--no-verify", "--db-url", database.url, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    [line] = [x for x in run.stderr.splitlines() if x.startswith("error:")]
    assert words in line
    assert database.applied_versions() == applied
    assert database.scalar("select to_regclass('public.b')::text") == "b"


def test_a_failing_rollback_stops_with_its_line_and_keeps_its_history(
    database: Database, tmp_path: Path
) -> None:
    migrations = two_migrations(tmp_path)
    write(migrations, "20250101000000_a.down.sql", "drop table public.a;\nselect 1 / 0;\n")
    run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path)
    run = run_cli("rollback", "--last", "2", "--no-verify", "--db-url", database.url, cwd=tmp_path)
    assert run.returncode == 1
    [line] = [x for x in run.stderr.splitlines() if x.startswith("error:")]
    assert "20250101000000_a.down.sql:2:" in line and "22012" in line
    assert "still recorded as applied" in line
    # b was rolled back; a's rollback was undone whole: the table and its record stay
    assert database.applied_versions() == ["20250101000000"]
    assert database.scalar("select to_regclass('public.a')::text") == "a"
    assert database.scalar("select to_regclass('public.b')") is None


def with_rows(database: Database, tmp_path: Path) -> Path:
    """b adds a column to a and creates c; 20,000 rows in a, 3 in c, then applied."""
    migrations = two_migrations(tmp_path)
    write(
        migrations,
        "20250103000000_c.sql",
        "alter table public.a add column note text;\ncreate table public.c (id int);\n",
    )
    write(
        migrations,
        "20250103000000_c.down.sql",
        "-- Undo c.\ndrop table public.c;\nalter table public.a drop column note;\n",
    )
    run = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    with database.connect() as conn:
        conn.execute("insert into public.a (id) select g from generate_series(1, 20000) g")
        conn.execute("insert into public.c values (1), (2), (3)")
    return migrations


def test_rollback_lists_the_rows_it_destroys_and_refuses_without_yes(
    database: Database, tmp_path: Path
) -> None:
    """Issue 18 item 3: a down file that drops rows is listed with live counts and asked."""
    with_rows(database, tmp_path)
    applied = database.applied_versions()
    url = ["--no-verify", "--db-url", database.url]
    dry = run_cli("rollback", "--last", "1", "--dry-run", *url, cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "-- 2 statement(s) destroy rows; 2 would destroy live rows:" in dry.stdout
    assert "20250103000000_c.down.sql:2: DROP TABLE public.c (3 row(s))" in dry.stdout
    assert "20250103000000_c.down.sql:3: DROP COLUMN note public.a (20,000 row(s))" in dry.stdout
    document = json.loads(
        run_cli("rollback", "--last", "1", "--dry-run", "--json", *url, cwd=tmp_path).stdout
    )
    assert document["destroys"] == [
        {
            "file": "20250103000000_c.down.sql",
            "line": 2,
            "action": "DROP TABLE",
            "table": "public.c",
            "exists": True,
            "rows": 3,
            "rows_exact": True,
        },
        {
            "file": "20250103000000_c.down.sql",
            "line": 3,
            "action": "DROP COLUMN note",
            "table": "public.a",
            "exists": True,
            "rows": 20000,
            "rows_exact": True,
        },
    ]
    # no terminal, no --yes: refused before anything ran (exit 2, one line, no traceback)
    for extra in ([], ["--json"]):
        refused = run_cli("rollback", "--last", "1", *extra, *url, cwd=tmp_path)
        assert refused.returncode == 2, refused.stderr
        [line] = refused.stderr.splitlines()
        assert line.startswith("error: the rollback destroys rows of 2 table(s)")
        assert "public.a, public.c" in line and "--yes" in line
        assert "Traceback" not in refused.stderr
        if extra:
            assert json.loads(refused.stdout)["ok"] is False
    assert database.applied_versions() == applied
    assert database.scalar("select count(*) from public.c") == 3
    # --yes: rolled back, and the output says what went
    done = run_cli("rollback", "--last", "1", "--yes", "--json", *url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert [r["version"] for r in document["rolled_back"]] == ["20250103000000"]
    assert [(d["table"], d["rows"]) for d in document["destroys"]] == [
        ("public.c", 3),
        ("public.a", 20000),
    ]
    assert database.scalar("select to_regclass('public.c')") is None
    assert database.applied_versions() == applied[:-1]


def test_every_statement_that_destroys_rows_is_found(database: Database, tmp_path: Path) -> None:
    """TRUNCATE, DELETE (in a WITH too), DROP SCHEMA ... CASCADE and a table that is
    gone; empty tables and a large one's estimate."""
    migrations = two_migrations(tmp_path)
    write(migrations, "20250103000000_s.sql", "create schema s;\ncreate table s.t (id int);\n")
    write(
        migrations,
        "20250103000000_s.down.sql",
        "truncate public.a, b;\n"
        "delete from public.a where id > 1;\n"
        "with gone as (delete from public.b returning 1) select count(*) from gone;\n"
        "drop table if exists public.never;\n"
        "drop schema s cascade;\n",
    )
    run = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    with database.connect() as conn:
        conn.execute("insert into s.t select generate_series(1, 5)")
        # a table the planner thinks large: its estimate, labelled as one
        conn.execute("update pg_class set reltuples = 2000000 where oid = 'public.b'::regclass")
    dry = run_cli(
        "rollback", "--last", "1", "--dry-run", "--json", "--db-url", database.url, cwd=tmp_path
    )
    assert dry.returncode == 0, dry.stderr
    found = [
        (d["line"], d["action"], d["table"], d["exists"], d["rows"], d["rows_exact"])
        for d in json.loads(dry.stdout)["destroys"]
    ]
    assert found == [
        (1, "TRUNCATE", "public.a", True, 0, True),
        (1, "TRUNCATE", "public.b", True, 2000000, False),
        (2, "DELETE", "public.a", True, 0, True),
        (3, "DELETE", "public.b", True, 2000000, False),
        (4, "DROP TABLE", "public.never", False, 0, True),
        (5, "DROP SCHEMA CASCADE", "s.t", True, 5, True),
    ]
    text = run_cli(
        "rollback", "--last", "1", "--dry-run", "--db-url", database.url, cwd=tmp_path
    ).stdout
    assert "TRUNCATE public.b (~2,000,000 row(s), the planner's estimate)" in text
    assert "DELETE public.a (up to 0 row(s))" in text
    assert "DROP TABLE public.never (no such table now)" in text


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--to", "20250101000000", "--last", "1"],
        ["--last", "0"],
        ["--last", "-1"],
    ],
    ids=["neither", "both", "last-0", "last-negative"],
)
def test_bad_rollback_ranges_are_bad_usage(
    database: Database, tmp_path: Path, args: list[str]
) -> None:
    """Issue 18 item 12: exit 2 with one line, before anything connects or changes."""
    two_migrations(tmp_path)
    assert run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path).returncode == 0
    run = run_cli("rollback", *args, "--db-url", database.url, cwd=tmp_path)
    assert run.returncode == 2, (run.returncode, run.stderr)
    [line] = run.stderr.splitlines()
    assert line.startswith("error: ") and "Traceback" not in run.stderr
    assert ("--last" in line) and run.stdout == ""
    assert len(database.applied_versions()) == 2


def _on_a_terminal(args: list[str], answer: str, cwd: Path) -> tuple[int, str]:
    """Run the real command with a terminal as stdin, answering the prompt."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    os.write(leader, answer.encode())  # typed ahead: the terminal holds it for the prompt
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPABASE_", "PG"))}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "supatools", *args],
            cwd=cwd,
            env=env,
            stdin=follower,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        os.close(follower)
        os.close(leader)
    return proc.returncode, proc.stderr


def test_on_a_terminal_rollback_shows_the_rows_and_asks(database: Database, tmp_path: Path) -> None:
    """A terminal gets the list on stderr and a question; no rolls nothing back."""
    with_rows(database, tmp_path)
    applied = database.applied_versions()
    args = ["rollback", "--last", "1", "--no-verify", "--db-url", database.url]
    code, stderr = _on_a_terminal(args, "n\n", tmp_path)
    assert code == 2, stderr
    assert "20250103000000_c.down.sql:3: DROP COLUMN note public.a (20,000 row(s))" in stderr
    assert "Roll back, destroying these rows? [y/N]" in stderr
    assert database.applied_versions() == applied
    code, stderr = _on_a_terminal(args, "y\n", tmp_path)
    assert code == 0, stderr
    assert database.applied_versions() == applied[:-1]
