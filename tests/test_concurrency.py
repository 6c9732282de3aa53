"""Racing and killed ``migrate`` processes against real PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, Database, run_cli, write


def start_migrate(database: Database, migrations_dir: Path, *extra: str) -> subprocess.Popen[str]:
    """A real ``supatools migrate`` process, not waited for."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SUPABASE_", "DATABASE_URL", "SUPATOOLS_"))
    }
    # the RLS gate has its own tests; these are about the engine
    command = [
        sys.executable,
        "-m",
        "supatools",
        "migrate",
        "--no-verify",
        "--db-url",
        database.url,
    ]
    return subprocess.Popen(
        [*command, "--migrations-dir", str(migrations_dir), *extra],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_four_racing_runs_apply_each_of_twenty_migrations_exactly_once(
    database: Database, migrations_dir: Path
) -> None:
    write(
        migrations_dir,
        "20250101000000_log.sql",
        "create table public.apply_log (version text not null, pid int not null);\n"
        "insert into public.apply_log values ('20250101000000', pg_backend_pid());\n",
    )
    for n in range(1, 20):
        version = f"2025010100{n:04d}"
        write(
            migrations_dir,
            f"{version}_step_{n}.sql",
            f"create table public.step_{n} (id int);\n"
            "select pg_sleep(0.02);\n"
            f"insert into public.apply_log values ('{version}', pg_backend_pid());\n",
        )
    procs = [start_migrate(database, migrations_dir, "--json") for _ in range(4)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [r[1] for r in results]
    with database.connect() as conn:
        rows = conn.execute(
            "SELECT version, count(*) FROM public.apply_log GROUP BY 1 ORDER BY 1"
        ).fetchall()
    assert len(rows) == 20
    assert all(count == 1 for _, count in rows)
    assert len(database.applied_versions()) == 20
    applied_counts = sorted(r[0].count('"version"') for r in results)
    assert sum(applied_counts) == 20  # the runs together reported 20 applications


def test_sigkill_mid_run_leaves_a_consistent_database_and_a_rerun_completes(
    database: Database, migrations_dir: Path
) -> None:
    write(migrations_dir, "20250101000001_a.sql", "create table public.a (id int);\n")
    write(migrations_dir, "20250101000002_b.sql", "create table public.b (id int);\n")
    slow = write(
        migrations_dir,
        "20250101000003_slow.sql",
        "create table public.half_done (id int);\nselect pg_sleep(60);\n",
    )
    write(migrations_dir, "20250101000004_d.sql", "create table public.d (id int);\n")
    proc = start_migrate(database, migrations_dir)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if (
            database.scalar(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' "
                "AND application_name = 'supatools migrate' AND state = 'active'"
            )
            == 1
        ):
            break
        time.sleep(0.05)
    else:
        proc.kill()
        raise AssertionError("the slow migration never started")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    assert database.applied_versions() == ["20250101000001", "20250101000002"]
    assert database.scalar("SELECT to_regclass('public.half_done')::text") is None

    slow.write_text("create table public.half_done (id int);\n")
    started = time.monotonic()
    run = run_cli(
        "migrate",
        "--db-url",
        database.url,
        "--migrations-dir",
        str(migrations_dir),
        "--lock-wait",
        "30",
        "--no-verify",
    )
    assert run.returncode == 0, run.stderr
    # the killed session's lock is released within ~1 s (client_connection_check_interval)
    assert time.monotonic() - started < 15
    assert database.applied_versions() == [
        "20250101000001",
        "20250101000002",
        "20250101000003",
        "20250101000004",
    ]


@pytest.mark.slow
def test_ctrl_c_mid_statement_cancels_and_rolls_back(database: Database, tmp_path: Path) -> None:
    """Issue 7 item 9: SIGINT while a migration runs cancels it on the server; nothing of it
    is committed, the lock is released, exit 3 with one line."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(
        migrations,
        "20250101000000_slow.sql",
        "create table public.half (x int);\nselect pg_sleep(20);\n",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPABASE_", "SUPATOOLS_"))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "supatools", "migrate", "--no-verify", "--db-url", database.url],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=15)
    assert proc.returncode == 3, err
    assert "cancelled and rolled back" in err and "Traceback" not in err
    assert database.applied_versions() == []
    assert database.scalar("select to_regclass('public.half')") is None
