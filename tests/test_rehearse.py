"""migrate --rehearse against real PostgreSQL (issue 11): the real run on a local copy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from supatools.local import LocalServer
from tests.conftest import Database, run_cli, world_readable_tmpdir, write


@pytest.fixture
def project() -> Iterator[Path]:
    root = world_readable_tmpdir("supatools-rehearse-")
    (root / "migrations").mkdir()
    (root / "migrations").chmod(0o755)
    try:
        yield root
    finally:
        LocalServer(root / ".supatools" / "local").stop()
        shutil.rmtree(root, ignore_errors=True)


def test_a_rehearsal_applies_on_a_copy_and_never_writes_the_target(
    database: Database, project: Path
) -> None:
    migrations = project / "migrations"
    write(
        migrations,
        "20250101000000_notes.sql",
        "create table public.notes (id int primary key, body text);\n"
        "alter table public.notes enable row level security;\n"
        "create policy r on public.notes for select to authenticated using (true);\n"
        "grant select on public.notes to authenticated;\n"
        "grant all on public.notes to service_role;\n",
    )
    assert run_cli("migrate", "--db-url", database.url, cwd=project).returncode == 0
    with database.connect() as conn:
        conn.execute("insert into public.notes values (1, null), (2, null)")
    write(
        migrations,
        "20250102000000_required.sql",
        "alter table public.notes alter column body set not null;\n",
    )
    # schema only: the copy has no rows, so the NOT NULL passes there
    plain = run_cli("migrate", "--rehearse", "--db-url", database.url, cwd=project)
    assert plain.returncode == 0, plain.stderr
    assert "applied 1 migration(s)" in plain.stdout and "the copy was dropped" in plain.stderr
    # with the rows, it fails where the real run would, and names the line
    rows = run_cli("migrate", "--rehearse", "--with-data", "--db-url", database.url, cwd=project)
    assert rows.returncode == 1
    [line] = [x for x in rows.stderr.splitlines() if x.startswith("error:")]
    assert "rehearsal on a copy of" in line and "_required.sql:1:" in line and "23502" in line
    # the target: only read
    assert database.applied_versions() == ["20250101000000"]
    assert database.scalar("select count(*) from public.notes where body is null") == 2
    server = LocalServer(project / ".supatools" / "local").status().url()
    with psycopg.connect(server, autocommit=True) as conn:
        left = conn.execute(
            "select count(*) from pg_database where datname like 'supatools_rehearsal_%'"
        ).fetchone()
    assert left == (0,)


def test_keep_leaves_the_copy_for_inspection(database: Database, project: Path) -> None:
    write(project / "migrations", "20250101000000_t.sql", "create table public.t (id int);\n")
    run = run_cli(
        "migrate", "--rehearse", "--keep", "--no-verify", "--db-url", database.url, cwd=project
    )
    assert run.returncode == 0, run.stderr
    kept = run.stderr.split("the copy is kept at ")[1].split()[0]
    with psycopg.connect(kept, autocommit=True) as conn:
        assert conn.execute("select to_regclass('public.t') is not null").fetchone() == (True,)
    assert database.scalar("select to_regclass('public.t')") is None


def _copies(server_url: str) -> set[str]:
    with psycopg.connect(server_url, autocommit=True) as conn:
        rows = conn.execute(
            "select datname::text from pg_database where datname like 'supatools\\_rehearsal\\_%'"
        ).fetchall()
    return {str(name) for (name,) in rows}


def test_copies_left_by_interrupted_rehearsals_are_dropped_but_running_ones_stay(
    database: Database, project: Path
) -> None:
    """Issue 18 item 8: a rehearsal killed mid-copy leaves its database on the local
    server; the next rehearsal drops it. A copy whose rehearsal still runs (its process
    alive), a copy a session is connected to, and a --keep copy stay."""
    import os
    import signal
    import subprocess
    import sys
    import time

    write(project / "migrations", "20250101000000_t.sql", "create table public.t (id int);\n")
    server = LocalServer(project / ".supatools" / "local")
    url = server.start().url()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPABASE_", "SUPATOOLS_"))}
    # a real rehearsal, SIGKILLed once its copy exists: no cleanup of its own runs
    killed = subprocess.Popen(
        [sys.executable, "-m", "supatools", "migrate", "--rehearse", "--with-data"]
        + ["--no-verify", "--db-url", database.url],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not _copies(url) and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    [abandoned] = _copies(url)
    assert abandoned.startswith(f"supatools_rehearsal_{killed.pid}_")

    sleeper = subprocess.Popen(["sleep", "120"])  # stands for a rehearsal still running
    running = f"supatools_rehearsal_{sleeper.pid}_{'a' * 10}"
    in_use = f"supatools_rehearsal_{killed.pid}_{'b' * 10}"
    kept = f"supatools_rehearsal_kept_{'c' * 10}"
    with psycopg.connect(url, autocommit=True) as conn:
        for name in (running, in_use, kept):
            conn.execute(f'create database "{name}"')
    try:
        with psycopg.connect(server.status().url(in_use)):  # a session on it, e.g. psql
            run = run_cli(
                "migrate", "--rehearse", "--no-verify", "--db-url", database.url, cwd=project
            )
            assert run.returncode == 0, run.stderr
            assert f"left by interrupted runs: {abandoned}" in run.stderr
            assert _copies(url) == {running, in_use, kept}
    finally:
        sleeper.kill()
        sleeper.wait()
