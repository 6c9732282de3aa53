"""Issue 7, fault injection: the migrate backend is terminated at a random moment, 50 times.
After each trial, history and schema agree (no migration half-applied, none recorded
without its effects, none applied without its record), and a re-run completes."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import psycopg
import pytest

from supatools.commands import hooks as run_hooks
from supatools.errors import SupatoolsError
from supatools.migrations import messages
from supatools.settings import Settings
from tests.conftest import Database, write

TRIALS = 50
PER_TRIAL = 6
ROWS = 1000


def migration_sql(trial: int, index: int) -> str:
    table = f"public.t_{trial}_{index}"
    return (
        f"create table {table} (id int primary key, body text);\n"
        f"insert into {table} select g, repeat('x', 50) from generate_series(1, {ROWS}) g;\n"
        f"create index on {table} (body);\n"
    )


def terminate_later(url: str, delay: float) -> threading.Thread:
    def kill() -> None:
        time.sleep(delay)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity "
                "where application_name = 'supatools migrate' and datname = current_database()"
            )

    thread = threading.Thread(target=kill, daemon=True)
    thread.start()
    return thread


@pytest.mark.slow
def test_backend_terminated_at_random_moments_never_half_applies(
    database: Database, tmp_path: Path
) -> None:
    rng = random.Random(20261130)
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    settings = Settings(migrations_dir=migrations, policies_dir=tmp_path / "none")
    interrupted = 0
    for trial in range(TRIALS):
        for index in range(PER_TRIAL):
            write(
                migrations,
                f"2025{trial + 10:04d}{index:06d}_t{trial}_{index}.sql",
                migration_sql(trial, index),
            )
        killer = terminate_later(database.url, rng.uniform(0.0, 0.10))
        try:
            run_hooks.migrate(settings, database.url, verify=False)
        except SupatoolsError as exc:
            interrupted += 1
            assert exc.exit_code == 3, exc.message
            assert "connection lost" in exc.message
        killer.join()
        applied = set(database.applied_versions())
        with database.connect() as conn:
            for index in range(PER_TRIAL):
                version = f"2025{trial + 10:04d}{index:06d}"
                table = f"public.t_{trial}_{index}"
                exists = conn.execute("select to_regclass(%s)", (table,)).fetchone()[0]  # type: ignore[index]
                assert (version in applied) == (exists is not None), (trial, index)
                if exists is not None:
                    count = conn.execute(f"select count(*) from {table}").fetchone()[0]  # type: ignore[index]
                    assert count == ROWS
        run_hooks.migrate(settings, database.url, verify=False)  # the re-run completes
        assert len(database.applied_versions()) == (trial + 1) * PER_TRIAL
    # the loop must really have interrupted runs, or it proved nothing
    assert interrupted >= TRIALS // 4, interrupted
    print(f"\nfault injection: {TRIALS} trials, {interrupted} interrupted mid-run, all consistent")


def test_ctrl_c_while_the_next_message_is_built_cancels_the_running_migration(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next message is built while the server runs the current one; a Ctrl-C in that
    moment cancels the running migration on the server (it does not run to its COMMIT),
    the one after it in the same message never runs, the first (a message before) stays,
    and the error says which is which. The slow one selects, so it starts a message."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_first.sql", "create table public.first (id int);\n")
    write(
        migrations,
        "20250102000000_slow.sql",
        "create table public.slow (id int);\nselect pg_sleep(30);\n",
    )
    write(migrations, "20250103000000_third.sql", "create table public.third (id int);\n")
    settings = Settings(migrations_dir=migrations, policies_dir=tmp_path / "none")

    def interrupted_while_slow_runs(self: messages.Ahead, group: int) -> None:
        if group < 2:  # built while the first message runs
            return
        deadline = time.monotonic() + 10
        while not database.scalar(
            "select count(*) from pg_stat_activity where wait_event = 'PgSleep' "
            "and application_name = 'supatools migrate'"
        ):
            assert time.monotonic() < deadline
            time.sleep(0.02)
        raise KeyboardInterrupt

    monkeypatch.setattr(messages.Ahead, "prepare", interrupted_while_slow_runs)
    started = time.monotonic()
    with pytest.raises(SupatoolsError) as caught:
        run_hooks.migrate(settings, database.url, verify=False)
    assert time.monotonic() - started < 20  # cancelled, not left to sleep its 30 s
    assert caught.value.exit_code == 3
    message = caught.value.message
    assert "20250102000000_slow.sql was cancelled and rolled back" in message
    assert "20250103000000_third.sql did not run" in message
    assert database.applied_versions() == ["20250101000000"]
    assert database.scalar("select to_regclass('public.slow')") is None
    assert database.scalar("select to_regclass('public.third')") is None
