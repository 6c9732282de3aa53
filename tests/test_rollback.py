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
    assert run.stdout.index("workouts_started_at_index.down.sql") < run.stdout.index(
        "training_plans.down.sql"
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
