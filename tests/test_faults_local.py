"""Issue 18, fault injection: `supatools local reset`, a real process, is sent SIGTERM or
SIGKILL at a random moment, 30 trials each. After each trial no program it started
outlives it (the server itself and its own processes aside), and the local server is
usable: `local status` exits 0, and `migrate --local` works (else a `local reset` does).

Every fifth trial first stops the server, so the killed reset may be inside
``pg_ctl start`` (the one helper that lasts long enough to be orphaned)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from supatools.local import LocalServer
from tests.conftest import run_cli, world_readable_tmpdir, write

TRIALS = 30  # per signal
MIGRATIONS = 4


@pytest.fixture(scope="module")
def project() -> Iterator[Path]:
    root = world_readable_tmpdir("supatools-faults-local-")
    migrations = root / "migrations"
    migrations.mkdir()
    for index in range(MIGRATIONS):
        write(
            migrations,
            f"2025010100000{index}_t{index}.sql",
            f"create table public.t{index} (id int primary key, body text);\n"
            f"insert into public.t{index} select g, 'x' from generate_series(1, 2000) g;\n",
        )
    server = LocalServer(root / ".supatools" / "local")
    server.start()
    try:
        yield root
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def _environment() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SUPABASE_", "SUPATOOLS_", "DATABASE_URL", "PG"))
    }


def _reset(project: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "supatools", "local", "reset", "--no-verify"],
        cwd=project,
        env=_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _leftovers(project: Path) -> list[str]:
    """Processes working in the project (cwd or arguments) other than the server's own
    (``postgres``: the postmaster, its backends and helpers)."""
    found = []
    mark = str(project)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            comm = (entry / "comm").read_text().strip()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            try:
                cwd = os.readlink(entry / "cwd")
            except OSError:
                cwd = ""
        except OSError:
            continue  # gone meanwhile
        if (mark in cmdline or cwd.startswith(mark)) and comm != "postgres":
            found.append(f"{entry.name} {comm}: {cmdline.strip()}")
    return found


def _usable(project: Path) -> str:
    """Assert the server is usable after a killed reset; say how it was recovered."""
    status = run_cli("local", "status", "--json", cwd=project)
    assert status.returncode == 0, status.stderr
    migrated = run_cli("migrate", "--local", "--no-verify", cwd=project)
    how = "migrate"
    if migrated.returncode != 0:
        again = run_cli("local", "reset", "--no-verify", cwd=project)
        assert again.returncode == 0, (migrated.stderr, again.stderr)
        how = "reset"
    url = LocalServer(project / ".supatools" / "local").status().url()
    with psycopg.connect(url) as conn:
        counts = [
            conn.execute(f"select count(*) from public.t{index}").fetchone()
            for index in range(MIGRATIONS)
        ]
        bootstrapped = conn.execute("select to_regprocedure('auth.uid()') is not null").fetchone()
    assert counts == [(2000,)] * MIGRATIONS and bootstrapped == (True,)
    return how


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_killed_local_reset_leaves_a_usable_server_and_no_orphan(
    project: Path, sig: signal.Signals
) -> None:
    rng = random.Random(20261207 + int(sig))
    started = time.monotonic()
    calibration = _reset(project)
    assert calibration.wait(timeout=120) == 0
    duration = time.monotonic() - started
    server = LocalServer(project / ".supatools" / "local")
    interrupted = stopped_first = 0
    recovered: dict[str, int] = {}
    for trial in range(TRIALS):
        if trial % 5 == 0:
            server.stop()
            stopped_first += 1
        reset = _reset(project)
        time.sleep(rng.uniform(0.0, duration * 1.2))
        reset.send_signal(sig)
        code = reset.wait(timeout=120)
        interrupted += code != 0
        left = _leftovers(project)
        assert left == [], (trial, left)
        how = _usable(project)
        recovered[how] = recovered.get(how, 0) + 1
    # the kills must really have landed mid-run, or the loop proved nothing
    assert interrupted >= TRIALS // 2, interrupted
    print(
        f"\nlocal reset, {sig.name}: {TRIALS} trials ({stopped_first} with the server stopped "
        f"first), {interrupted} interrupted; calibration run {duration:.2f} s; "
        f"afterwards usable by {recovered}"
    )
