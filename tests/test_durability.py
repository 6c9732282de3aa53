"""What a run reports applied survives a server crash right after it.

Migrations other than a run's last commit without waiting for the disk; the last one's
synchronous commit, or a flush when the run stops early, makes them durable. These tests
crash a server of their own (SIGQUIT to the postmaster: PostgreSQL's immediate shutdown,
which drops the WAL still in memory) as soon as ``migrate`` returns, and count what the
recovered server holds. The WAL writer is slowed to 10 s so that nothing but supatools'
own synchronous commit can have flushed the tail of the run.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from supatools.commands import hooks as run_hooks
from supatools.errors import SupatoolsError
from supatools.local import LocalServer
from supatools.migrations import apply, messages
from supatools.settings import Settings

from .conftest import run_cli, world_readable_tmpdir, write

TABLE = """-- Table {n}.
create table public.t_{n} (id bigint primary key, note text);
alter table public.t_{n} enable row level security;
create policy "read t_{n}" on public.t_{n} for select to authenticated using (true);
"""


@pytest.fixture
def crashable() -> Iterator[tuple[LocalServer, str]]:
    """A server of this test's own, committing synchronously (as a hosted project does)
    unless a session says otherwise, with a WAL writer that waits 10 s between rounds."""
    root = world_readable_tmpdir("supatools-crash-")
    server = LocalServer(root / "local")
    url = server.start().url()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER DATABASE postgres SET synchronous_commit = on")
        conn.execute("ALTER SYSTEM SET wal_writer_delay = '10s'")
        conn.execute("SELECT pg_reload_conf()")
    try:
        yield server, url
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def crash_and_recover(server: LocalServer) -> str:
    """Immediate shutdown (the postmaster's SIGQUIT), then a start with crash recovery;
    the server's URL after it."""
    pid_file = server.pgdata / "postmaster.pid"
    os.kill(int(pid_file.read_text().split()[0]), signal.SIGQUIT)
    deadline = time.monotonic() + 60
    while pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not pid_file.exists(), "the server did not stop"
    url = server.start().url()
    while True:  # pg_ctl may return while crash recovery still refuses connections
        try:
            psycopg.connect(url).close()
            return url
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def recorded(url: str) -> tuple[int, int, int]:
    """History rows in both tables, and the migrations' tables, after recovery."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM supabase_migrations.supatools_history), "
            "(SELECT count(*) FROM supabase_migrations.schema_migrations), "
            "(SELECT count(*) FROM pg_class WHERE relname LIKE 't\\_%' AND relkind = 'r')"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def write_tables(directory: Path, count: int) -> None:
    for n in range(count):
        write(directory, f"20250101{n:06d}_t_{n}.sql", TABLE.format(n=n))


def test_a_finished_run_survives_a_crash_right_after(
    crashable: tuple[LocalServer, str], migrations_dir: Path
) -> None:
    server, url = crashable
    write_tables(migrations_dir, 40)
    result = run_cli(
        "migrate", "--db-url", url, "--migrations-dir", str(migrations_dir), "--no-verify"
    )
    assert result.returncode == 0, result.stderr
    assert recorded(crash_and_recover(server)) == (40, 40, 40)


def test_a_run_stopped_by_a_failure_keeps_what_it_reported(
    crashable: tuple[LocalServer, str], migrations_dir: Path
) -> None:
    server, url = crashable
    write_tables(migrations_dir, 40)
    write(migrations_dir, "20250102000000_broken.sql", "select * from no_such_table;\n")
    write(migrations_dir, "20250103000000_after.sql", TABLE.format(n="after"))
    result = run_cli(
        "migrate", "--db-url", url, "--migrations-dir", str(migrations_dir), "--no-verify"
    )
    assert result.returncode == 1, result.stderr
    assert "20250102000000_broken.sql" in result.stderr
    url = crash_and_recover(server)
    # the 40 committed before the failure are all there; the broken one and the one
    # after it are not
    assert recorded(url) == (40, 40, 40)


def test_a_run_stopped_by_its_own_output_keeps_what_it_applied(
    crashable: tuple[LocalServer, str], migrations_dir: Path
) -> None:
    """Not a migration's failure: the progress line after the 25th cannot be written (a
    closed pipe), once the run's first message (32 migrations, every commit deferred) was
    answered. What it applied is made durable all the same."""
    server, url = crashable
    write_tables(migrations_dir, 40)

    def progress(step: apply.Progress) -> None:
        if step.index == 25 and step.duration_ms is not None:
            raise BrokenPipeError("stderr is gone")

    settings = Settings(migrations_dir=migrations_dir, policies_dir=migrations_dir / "none")
    with pytest.raises(BrokenPipeError):
        run_hooks.migrate(settings, url, verify=False, on_progress=progress)
    applied = min(40, messages.MAX_GROUP)
    assert recorded(crash_and_recover(server)) == (applied, applied, applied)


def test_a_run_interrupted_mid_message_keeps_what_that_message_committed(
    crashable: tuple[LocalServer, str], migrations_dir: Path
) -> None:
    """Ctrl-C while the third migration of a message waits for a lock another session
    holds: the two before it committed in the same message without the disk flush; the
    run makes them durable before it ends, so a crash right after keeps both."""
    server, url = crashable
    blocker = psycopg.connect(url)
    blocker.execute("create table public.held (id int)")
    blocker.commit()
    blocker.execute("lock table public.held in access exclusive mode")
    write_tables(migrations_dir, 2)
    write(
        migrations_dir,
        "20250102000000_held.sql",
        "alter table public.held enable row level security;\n",
    )
    write(migrations_dir, "20250103000000_after.sql", TABLE.format(n="after"))

    def interrupt_once_waiting() -> None:
        deadline = time.monotonic() + 20
        with psycopg.connect(url, autocommit=True) as watcher:
            while time.monotonic() < deadline:
                waiting = watcher.execute(
                    "select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                    "and application_name = 'supatools migrate'"
                ).fetchone()
                if waiting and waiting[0]:
                    os.kill(os.getpid(), signal.SIGINT)
                    return
                time.sleep(0.02)

    interrupter = threading.Thread(target=interrupt_once_waiting)
    interrupter.start()
    settings = Settings(migrations_dir=migrations_dir, policies_dir=migrations_dir / "none")
    try:
        with pytest.raises(SupatoolsError) as caught:
            run_hooks.migrate(settings, url, verify=False)
    finally:
        interrupter.join()
        blocker.rollback()
        blocker.close()
    assert "20250102000000_held.sql was cancelled" in caught.value.message
    assert recorded(crash_and_recover(server)) == (2, 2, 2)
