"""supatools baseline and repair against real PostgreSQL (issue 11)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, Database, run_cli


def by_hand(database: Database, tmp_path: Path, upto: int) -> Path:
    """The example app's first ``upto`` migrations applied by hand (psql-style, no
    history), as a team adopting supatools would have it."""
    shutil.copytree(REPO / "migrations", tmp_path / "migrations")
    ups = sorted((tmp_path / "migrations").glob("*.sql"))
    files = [p for p in ups if not p.name.endswith(".down.sql")][:upto]
    with database.connect() as conn:
        for path in files:
            text = path.read_text()
            if "concurrently" in text:
                conn.execute(text)  # autocommit: outside a transaction, as it must run
            else:
                with conn.transaction():
                    conn.execute(text)
    return tmp_path


def test_baseline_records_without_running_then_migrate_applies_only_the_rest(
    database: Database, tmp_path: Path
) -> None:
    project = by_hand(database, tmp_path, 3)
    third = "20250328091500"
    dry = run_cli(
        "baseline",
        "--version",
        third,
        "--dry-run",
        "--json",
        "--db-url",
        database.url,
        cwd=project,
    )
    assert dry.returncode == 0, dry.stderr
    assert [c["action"] for c in json.loads(dry.stdout)["changes"]] == ["recorded"] * 3
    assert database.applied_versions() == []
    run = run_cli("baseline", "--version", third, "--db-url", database.url, cwd=project)
    assert run.returncode == 0, run.stderr
    assert database.applied_versions() == ["20250327180000", "20250327183223", third]
    status = json.loads(
        run_cli("migrate", "--status", "--json", "--db-url", database.url, cwd=project).stdout
    )
    states = [m["state"] for m in status["migrations"]]
    assert states == ["applied"] * 3 + ["pending"] * 3  # checksums of the current files
    rest = run_cli("migrate", "--db-url", database.url, cwd=project)
    assert rest.returncode == 0, rest.stderr
    assert "(3 pending)" in rest.stderr and len(database.applied_versions()) == 6


def test_baseline_refuses_when_history_goes_beyond_it(database: Database, tmp_path: Path) -> None:
    project = by_hand(database, tmp_path, 0)
    assert run_cli("migrate", "--db-url", database.url, cwd=project).returncode == 0
    run = run_cli("baseline", "--version", "20250328091500", "--db-url", database.url, cwd=project)
    assert run.returncode == 1
    assert "history already holds 3 migration(s) after 20250328091500" in run.stderr


def test_repair_marks_reverted_and_applied_and_fills_a_cli_row_checksum(
    database: Database, tmp_path: Path
) -> None:
    project = by_hand(database, tmp_path, 0)
    assert run_cli("migrate", "--db-url", database.url, cwd=project).returncode == 0
    last = "20250331080000"
    reverted = run_cli(
        "repair", "--status", "reverted", last, "--db-url", database.url, cwd=project
    )
    assert reverted.returncode == 0, reverted.stderr
    assert last not in database.applied_versions()
    assert (
        database.scalar(
            "select count(*) from supabase_migrations.supatools_history where version = %s", (last,)
        )
        == 0
    )
    applied = run_cli("repair", "--status", "applied", last, "--db-url", database.url, cwd=project)
    assert applied.returncode == 0 and last in database.applied_versions()
    # a row the Supabase CLI wrote has no checksum: repair fills ours and says so
    with database.connect() as conn:
        conn.execute(
            "delete from supabase_migrations.supatools_history where version = %s", (last,)
        )
    filled = run_cli("repair", "--status", "applied", last, "--db-url", database.url, cwd=project)
    assert filled.returncode == 0 and "checksum filled" in filled.stdout
    assert "holds no checksum" in filled.stderr
    unknown = run_cli(
        "repair", "--status", "applied", "20990101000000", "--db-url", database.url, cwd=project
    )
    assert unknown.returncode == 1 and "no local migration" in unknown.stderr


def test_baseline_from_a_home_made_tracking_table(database: Database, tmp_path: Path) -> None:
    """A runner whose files end with their own tracking INSERT: the table's rows adopt the
    files they name, unmatched rows and files are reported, and the files' own INSERT still
    runs when migrate applies the rest (the app may read that table)."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    tracking = "insert into public.migrations (filename) values ('{f}');\n"
    names = ["20250101000000_a.sql", "20250102000000_b.sql", "20250103000000_c.sql"]
    for index, name in enumerate(names):
        body = f"create table public.t{index} (id int);\n" + tracking.format(f=name)
        (migrations / name).write_text(body)
    with database.connect() as conn:
        conn.execute("create table public.migrations (id serial, filename text, run_at date)")
        for name in names[:2]:  # the old runner applied a and b
            conn.execute(f"create table public.t{names.index(name)} (id int)")
            conn.execute("insert into public.migrations (filename) values (%s)", (name,))
        conn.execute("insert into public.migrations (filename) values ('2019_gone.sql')")
    run = run_cli(
        "baseline",
        "--from-table",
        "public.migrations",
        "--json",
        "--db-url",
        database.url,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    actions = {c["version"]: c["action"] for c in json.loads(run.stdout)["changes"]}
    assert actions == {
        "20250101000000": "recorded",
        "20250102000000": "recorded",
        "2019_gone.sql": "no local file",
        "20250103000000": "not in the table",
    }
    rest = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path)
    assert rest.returncode == 0, rest.stderr
    assert len(database.applied_versions()) == 3
    assert database.scalar("select count(*) from public.migrations") == 4  # c's own insert
    missing = run_cli(
        "baseline", "--from-table", "public.nope", "--db-url", database.url, cwd=tmp_path
    )
    assert missing.returncode == 1 and "no such table" in missing.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["baseline", "--version", "20990101000000"], "no local migration has version"),
        (["baseline", "--version", "nope"], "no local migration has version"),
        (["repair", "--status", "bogus", "20250327180000"], "use applied or reverted"),
    ],
    ids=["baseline-unknown-version", "baseline-not-a-version", "repair-bogus-status"],
)
def test_bad_usage_is_exit_2_and_changes_nothing(
    database: Database, tmp_path: Path, args: list[str], words: str
) -> None:
    """Issue 18 item 12: bad input is exit 2 (not 1), one line on stderr, no traceback."""
    project = by_hand(database, tmp_path, 1)
    run = run_cli(*args, "--db-url", database.url, cwd=project)
    assert run.returncode == 2, (run.returncode, run.stderr)
    [line] = run.stderr.splitlines()
    assert line.startswith("error: ") and words in line
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert database.applied_versions() == []


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["baseline", "--version", "20990101000000"], "no local migration has version"),
        (["repair", "--status", "bogus", "20250327180000"], "use applied or reverted"),
    ],
    ids=["baseline", "repair"],
)
def test_bad_usage_is_said_before_the_database_is_needed(
    tmp_path: Path, args: list[str], words: str
) -> None:
    """No URL configured: the bad flag is the error (--local would not start a server)."""
    shutil.copytree(REPO / "migrations", tmp_path / "migrations")
    run = run_cli(*args, cwd=tmp_path)
    assert run.returncode == 2
    [line] = run.stderr.splitlines()
    assert line.startswith("error: ") and words in line
