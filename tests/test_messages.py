"""Issue 24: consecutive transactional migrations travel together, several to a message,
each still in its own transaction with its own history rows (migrations/messages.py).
Every test here runs on the real server: what it proves is what PostgreSQL does with
such a message."""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from supatools.errors import MigrationFailed, SupatoolsError
from supatools.migrations import apply, files, history, messages
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
    failing = "create index nope_idx on public.nope (id);\n"
    bodies = [_table(0), _table(1), _table(2) + failing, _table(3), _table(4)]
    settings = _project(tmp_path, bodies)
    events: list[Progress] = []
    with pytest.raises(MigrationFailed) as caught:
        apply.migrate(settings, database.url, on_progress=events.append)
    message = caught.value.message
    assert "20250101000002_m2.sql:2:" in message and "42P01" in message, message
    assert "migrations applied before it stay applied" in message
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
    BEGIN times it alone: the one after the slow one in the same message does not carry
    its 300 ms. One that resets the mark (RESET ALL) is still recorded, timed from the
    message's arrival, so it does carry them."""
    bodies = [_table(0), "select pg_sleep(0.3);\n" + _table(1), _table(2)]
    bodies.append("reset all;\n" + _table(3))
    settings = _project(tmp_path, bodies)
    events: list[Progress] = []
    result = apply.migrate(settings, database.url, on_progress=events.append)
    sent = [
        (e.index, e.through[0] if e.through else e.index) for e in events if e.duration_ms is None
    ]
    assert sent == [(1, 1), (2, 4)]  # the one that selects starts a message of its own
    reported = {a.version: a.duration_ms for a in result.applied}
    stored = _durations(database)
    assert reported == stored
    assert stored["20250101000001"] >= 300
    assert stored["20250101000002"] < 300  # timed from its own BEGIN
    assert stored["20250101000003"] >= 300  # from the message: the mark was reset


def test_groups_split_at_no_transaction_files_and_at_the_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def parsed(
        n: int, text: str = "grant select on t to r", alone: bool = False
    ) -> ParsedMigration:
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
    monkeypatch.setattr(messages, "MAX_GROUP_CHARS", 50)
    big = (parsed(0), parsed(1, "comment on table t is '" + "x" * 30 + "'"), parsed(2), parsed(3))
    assert messages.groups(big) == [range(0, 1), range(1, 2), range(2, 4)]
    assert messages.groups(()) == []
    monkeypatch.setattr(messages, "MAX_GROUP_CHARS", 1 << 20)
    # a migration that may store the time starts a message; plain DDL may follow it
    timed = (parsed(0), parsed(1, "insert into t values (now())"), parsed(2), parsed(3))
    assert messages.groups(timed) == [range(0, 1), range(1, 4)]


@pytest.mark.parametrize(
    ("text", "timeless"),
    [
        (
            "-- c\ncreate table a (id int generated always as identity, t date default now())",
            True,
        ),
        ("create view v as select now()", True),
        ("alter table public.a enable row level security", True),
        ("/* x */ grant select on a to b", True),
        ("reset all", True),
        ("create table a as select now()", False),
        ("create table a partition of b for values from (now()) to (maxvalue)", False),
        ("insert into a values (now())", False),
        ("alter table a add column t timestamptz default now()", False),
        ("alter table a add constraint c check (b > 0)", True),
        ("alter table a add constraint c foreign key (b) references c (id)", True),
        ("alter table a alter column b set not null", True),
        ("alter table a add column b int", False),  # a domain's DEFAULT fills the rows
        ("alter table a add b ts_now", False),
        ("create table b (t timestamptz default 'now')", False),
        ("create table b (t date default 'Today ')", False),
        ("create view v as select 'now'::timestamptz", False),
        ("create policy p on a using (t > $$yesterday$$::date)", False),
        ("create role r valid until 'tomorrow'", False),
        ("create table x as /* c */ select now() t", False),
        ("create table x as\n-- c\nselect now() t", False),
        ("create table p2 partition /* c */ of p for values from (now()) to (maxvalue)", False),
        ("create schema s_1 create table p2 (t date default now())", False),
        ("create table a (x int generated always as (1) stored)", False),
        ("alter table a alter column x set expression as (now())", False),
        ("alter table a alter column b type bigint using b::bigint", False),
        ("alter table a attach partition p for values from (now()) to (maxvalue)", False),
        ("do $$ begin perform now(); end $$", False),
        ("create extension pg_cron", False),
        ("create materialized view v as select now()", False),
        ("select cron.schedule('x', '* * * * *', 'select 1')", False),
    ],
)
def test_what_may_store_the_time_it_runs_at(text: str, timeless: bool) -> None:
    item = ParsedMigration(None, (Statement(text, 0, 1),), False)  # type: ignore[arg-type]
    assert messages.timeless(item) is timeless


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
        history.ensure_tables(conn)
        prefix = session_settings_sql(conn, settings)
        run = Run(conn, tuple(parsed), prefix, False)
        with pytest.raises(SupatoolsError) as caught:
            run.apply_all(lambda _: None)
        run.stopped()
    finally:
        conn.close()
    message = caught.value.message
    assert "m1.sql:2:1" in message and "42601" in message, message
    # the one before it was refused with it, then sent again on its own
    assert [a.version for a in run.applied] == ["20250101000000"]
    assert database.applied_versions() == ["20250101000000"]
    assert database.scalar("select to_regclass('public.t0')") is not None
    assert database.scalar("select to_regclass('public.t1')") is None
    assert database.scalar("select to_regclass('public.t2')") is None


def test_a_failed_commit_stops_the_message(database: Database, tmp_path: Path) -> None:
    """A deferred constraint fails at COMMIT: that migration is rolled back whole and the
    plain DDL that shared its message does not run."""
    bodies = [
        "create table public.parent (id int primary key);\n"
        "create table public.child (id int references public.parent "
        "deferrable initially deferred);\n"
        "insert into public.child values (1);\n",
        _table(1),
        _table(2),
    ]
    settings = _project(tmp_path, bodies)
    with pytest.raises(MigrationFailed) as caught:
        apply.migrate(settings, database.url)
    assert "m0.sql" in caught.value.message and "23503" in caught.value.message
    assert database.applied_versions() == []
    for table in ("parent", "t1", "t2"):
        assert database.scalar(f"select to_regclass('public.{table}')") is None


def test_a_failed_history_insert_mid_message_keeps_the_ones_before(
    database: Database, tmp_path: Path
) -> None:
    """The history insert of the second of three migrations in a message fails (a
    trigger on the CLI's table refuses its version): the first stays applied and
    recorded, the second is rolled back with its table, the third never runs."""
    settings = _project(tmp_path, [_table(0), _table(1), _table(2)])
    with psycopg.connect(database.url, autocommit=True) as conn:
        history.ensure_tables(conn)  # type: ignore[arg-type]
        conn.execute(
            "create function public.refuse() returns trigger language plpgsql as $$ begin "
            "if new.version = '20250101000001' then raise exception 'refused'; end if; "
            "return new; end $$"
        )
        conn.execute(
            "create trigger refuse before insert on supabase_migrations.schema_migrations "
            "for each row execute function public.refuse()"
        )
    with pytest.raises(MigrationFailed) as caught:
        apply.migrate(settings, database.url)
    assert "m1.sql" in caught.value.message and "refused" in caught.value.message
    assert database.applied_versions() == ["20250101000000"]
    assert database.scalar("select to_regclass('public.t0')") is not None
    assert database.scalar("select to_regclass('public.t1')") is None
    assert database.scalar("select to_regclass('public.t2')") is None


def test_ctrl_c_while_the_server_runs_a_message(database: Database, tmp_path: Path) -> None:
    """A real SIGINT while the client waits for the server (not while it builds the next
    message): the running migration is cancelled on the server, the one after it in the
    message never runs, the one before (its own message: it was first) stays applied."""
    bodies = [_table(0), "select pg_sleep(30);\n" + _table(1), _table(2)]
    settings = _project(tmp_path, bodies)

    def interrupt_once_sleeping() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if database.scalar(
                "select count(*) from pg_stat_activity where wait_event = 'PgSleep' "
                "and application_name = 'supatools migrate'"
            ):
                os.kill(os.getpid(), signal.SIGINT)
                return
            time.sleep(0.02)

    interrupter = threading.Thread(target=interrupt_once_sleeping)
    interrupter.start()
    started = time.monotonic()
    try:
        with pytest.raises(SupatoolsError) as caught:
            apply.migrate(settings, database.url)
    finally:
        interrupter.join()
    assert time.monotonic() - started < 15  # cancelled, not left to sleep its 30 s
    message = caught.value.message
    assert caught.value.exit_code == 3
    assert "20250101000001_m1.sql was cancelled and rolled back" in message, message
    assert "20250101000002_m2.sql did not run" in message
    assert database.applied_versions() == ["20250101000000"]
    assert database.scalar("select to_regclass('public.t2')") is None


def test_a_cancel_is_repeated_until_the_server_answers_it(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the server runs a message. The first cancel is lost (as one that
    reaches the backend before the message is read) and the second cannot be sent (the
    cancel connection refused); the notices of the two DROPs make the server flush their
    results first. The cancel is sent again until the sleep is cancelled: the message
    does not run on to its end."""
    calls: list[int] = []
    real = psycopg.Connection.cancel_safe

    def flaky(self: psycopg.Connection[Any], *args: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 1:
            return None
        if len(calls) == 2:
            raise psycopg.OperationalError("the cancel connection was refused")
        return real(self, *args, **kwargs)

    def interrupt() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(psycopg.Connection, "cancel_safe", flaky)
    statements = ["drop table if exists nope_x", "drop table if exists nope_y"]
    statements += ["select pg_sleep(10)", "create table public.after_sleep (id int)"]
    with psycopg.connect(database.url, autocommit=True) as conn:
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            run_batch(conn, statements, meanwhile=interrupt)  # type: ignore[arg-type]
        assert time.monotonic() - started < 5
        assert len(calls) >= 3
        assert conn.execute("select 1").fetchone() == (1,)  # the session is usable
    assert database.scalar("select to_regclass('public.after_sleep')") is None


def test_a_migration_s_lexer_setting_does_not_change_how_the_next_message_is_read(
    database: Database, tmp_path: Path
) -> None:
    """The server reads a whole message before it runs it: a session-level
    standard_conforming_strings = off left by one migration would turn the next
    message's '^\\d+$' into '^d+$'. Each message resets it at its end."""
    settings = _project(
        tmp_path,
        [
            "set standard_conforming_strings = off;\ncreate table public.t0 (v text);\n",
            "insert into public.t0 values ('^\\d+$');\n",  # a message of its own: data
        ],
    )
    apply.migrate(settings, database.url)
    assert database.scalar("select v from public.t0") == "^\\d+$"
