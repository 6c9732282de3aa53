"""Issue 24: consecutive transactional migrations travel together, several to a message,
each still in its own transaction with its own history rows (migrations/messages.py).
Every test here runs on the real server: what it proves is what PostgreSQL does with
such a message."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import psycopg
import pytest

from supatools.errors import MigrationFailed, SupatoolsError
from supatools.migrations import apply, files, messages
from supatools.migrations.results import Progress
from supatools.migrations.runner import Run
from supatools.migrations.session import (
    BatchError,
    open_connection,
    run_batch,
    session_settings_sql,
    statement_at,
)
from supatools.migrations.statements import ParsedMigration, Statement
from supatools.settings import Settings
from tests.conftest import Database, write


def _project(tmp_path: Path, bodies: list[str]) -> Settings:
    folder = tmp_path / "migrations"
    folder.mkdir()
    for n, body in enumerate(bodies):
        write(folder, f"2025010100{n:04d}_m{n}.sql", body)
    return Settings(migrations_dir=folder, policies_dir=tmp_path / "none")


def _table(n: int) -> str:
    return f"create table public.t{n} (id int primary key);\n"


def _durations(database: Database) -> dict[str, int]:
    with psycopg.connect(database.url) as conn:
        rows = conn.execute(
            "select version, duration_ms from supabase_migrations.supatools_history"
        ).fetchall()
    return {str(v): int(d) for v, d in rows}


def test_a_failure_mid_message_keeps_the_migrations_before_it_and_runs_none_after(
    database: Database, tmp_path: Path
) -> None:
    """Five migrations in one message, the third failing: the first two are committed and
    recorded (and reported as applied), the third rolled back whole, the last two never
    ran; the error names the third's file, line and column."""
    bodies = [_table(0), _table(1), _table(2) + "insert into public.nope values (1);\n"]
    bodies += [_table(3), _table(4)]
    settings = _project(tmp_path, bodies)
    events: list[Progress] = []
    with pytest.raises(MigrationFailed) as caught:
        apply.migrate(settings, database.url, on_progress=events.append)
    message = caught.value.message
    assert "20250101000002_m2.sql:2:13" in message and "42P01" in message, message
    assert database.applied_versions() == ["20250101000000", "20250101000001"]
    for n, exists in enumerate([True, True, False, False, False]):
        assert (database.scalar(f"select to_regclass('public.t{n}')") is not None) is exists
    started = [e for e in events if e.duration_ms is None]
    assert len(started) == 1 and started[0].through is not None  # one message for five
    assert started[0].through[0] == 5
    finished = [e.migration.version for e in events if e.duration_ms is not None]
    assert finished == ["20250101000000", "20250101000001"]
    # the rest applies once fixed, exactly once each
    write(settings.migrations_dir, "20250101000002_m2.sql", _table(2))
    result = apply.migrate(settings, database.url)
    assert [a.version for a in result.applied] == [f"2025010100000{n}" for n in (2, 3, 4)]


def test_each_migration_of_a_message_is_timed_on_its_own(
    database: Database, tmp_path: Path
) -> None:
    """A message's migrations share its statement_timestamp(); the mark each sets at its
    BEGIN times it alone: the slow one in the middle carries its 300 ms, the ones around
    it do not. A migration that resets the mark (RESET ALL) is still recorded."""
    bodies = [_table(0), "select pg_sleep(0.3);\n" + _table(1), _table(2)]
    bodies.append("reset all;\n" + _table(3))
    settings = _project(tmp_path, bodies)
    result = apply.migrate(settings, database.url)
    reported = {a.version: a.duration_ms for a in result.applied}
    stored = _durations(database)
    assert reported == stored
    assert stored["20250101000001"] >= 300
    assert stored["20250101000000"] < 300 and stored["20250101000002"] < 300
    assert stored["20250101000003"] >= 0  # measured from the message instead


def test_groups_split_at_no_transaction_files_and_at_the_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def parsed(n: int, text: str = "select 1;\n", alone: bool = False) -> ParsedMigration:
        migration = files.MigrationFile(
            f"2025010100{n:04d}", f"m{n}", tmp_path / f"m{n}.sql", text, "", alone, (), None
        )
        return ParsedMigration(migration, (Statement(text, 0, 1),), False)

    run = tuple(parsed(n, alone=n == 3) for n in range(8))
    assert messages.groups(run) == [range(0, 3), range(3, 4), range(4, 8)]
    monkeypatch.setattr(messages, "MAX_GROUP", 2)
    assert messages.groups(run) == [range(0, 2), range(2, 3), range(3, 4)] + [
        range(4, 6),
        range(6, 8),
    ]
    monkeypatch.setattr(messages, "MAX_GROUP", 32)
    monkeypatch.setattr(messages, "MAX_GROUP_CHARS", 25)
    big = (parsed(0), parsed(1, "x" * 30), parsed(2), parsed(3))
    assert messages.groups(big) == [range(0, 1), range(1, 2), range(2, 4)]
    assert messages.groups(()) == []


def test_the_server_position_names_the_statement_of_a_refused_message(
    database: Database,
) -> None:
    """A syntax error the server finds refuses the whole message before any statement
    runs: no result to count, so the error's position names the statement."""
    with psycopg.connect(database.url, autocommit=True) as conn:
        statements = ["select 1", "select 2", "selec 3", "select 4"]
        with pytest.raises(BatchError) as caught:
            run_batch(conn, statements)  # type: ignore[arg-type]
        assert caught.value.index == 0 and not caught.value.results
        assert statement_at(statements, caught.value.error) == 2
        with pytest.raises(BatchError) as caught:
            run_batch(conn, ["select 1", "select 1/0", "select 3"])  # type: ignore[arg-type]
        assert caught.value.index == 1 and len(caught.value.results) == 1
        assert statement_at(["select 1", "select 1/0"], caught.value.error) is None


def test_a_message_the_server_refuses_whole_applies_none_of_it(
    database: Database, tmp_path: Path
) -> None:
    """What PostgreSQL's parser refuses but ours accepted (a newer server's syntax, say)
    stops the message before its first migration: none of them is applied, and the error
    names the refused statement's file and line, not the message's first migration."""
    settings = _project(tmp_path, [_table(0), _table(1), _table(2)])
    local = files.discover(settings.migrations_dir)
    parsed = []
    for migration in local:
        text = migration.text
        if migration.version.endswith("1"):
            text = "create table public.t1 (id int primary key);\nselec 1;\n"
            migration = dataclasses.replace(migration, source=text)
        lines = [line for line in text.splitlines() if line]
        statements = tuple(
            Statement(line.rstrip(";"), text.index(line), n + 1) for n, line in enumerate(lines)
        )
        parsed.append(ParsedMigration(migration, statements, False))
    conn = open_connection(settings, database.url, "db", "test")
    try:
        prefix = session_settings_sql(conn, settings)
        run = Run(conn, tuple(parsed), prefix, False)
        with pytest.raises(SupatoolsError) as caught:
            run.apply_all(lambda _: None)
        run.stopped()
    finally:
        conn.close()
    assert "m1.sql:2:1" in caught.value.message and "42601" in caught.value.message
    assert run.applied == []
    assert database.scalar("select to_regclass('public.t0')") is None
