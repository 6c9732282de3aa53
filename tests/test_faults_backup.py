"""Issue 18, fault injection: ``supatools backup`` and ``supatools restore`` run as real
processes and are sent SIGTERM or SIGKILL at a random moment, 30 trials of each kind.

After every trial: no pg_dump/pg_restore started by that run is still running (found by
a marker in their environment, which children inherit, so a child re-parented to init
is found too); an earlier backup is byte for byte what it was; a file at a new backup's
name is there only if it verifies; nothing else (no temporary file) is in the folder; a
restore either happened whole or not at all, and nothing commits after the kill.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.conftest import REPO, Database, fresh_database

TRIALS = 30
ROWS = 200_000
TOOLS = ("pg_dump", "pg_restore")


@pytest.fixture(scope="module")
def big_database(admin_dsn: str, template_db: str) -> Iterator[Database]:
    """One database per module with a table big enough that pg_dump and pg_restore take
    a noticeable moment (a few hundred ms each)."""
    made = fresh_database(admin_dsn, template_db)
    with made.connect() as conn:
        conn.execute(
            "create table public.big (id int primary key, body text);"
            f"insert into public.big select g, md5(g::text) from generate_series(1, {ROWS}) g"
        )
    yield made
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{made.name}" with (force)')


def marked(marker: str) -> list[tuple[int, str]]:
    """(pid, command name) of every live process whose environment holds ``marker``."""
    found = []
    needle = f"SUPATOOLS_FAULT_TRIAL={marker}".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            if fields[0] == b"Z":  # exited, waiting to be reaped: not running
                continue
            with open(f"/proc/{entry}/environ", "rb") as handle:
                if needle not in handle.read().split(b"\0"):
                    continue
            with open(f"/proc/{entry}/comm") as handle:
                found.append((int(entry), handle.read().strip()))
        except OSError:
            continue
    return found


def cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def start(*args: str, marker: str) -> subprocess.Popen[bytes]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SUPABASE_", "DATABASE_URL", "SUPATOOLS_", "PG"))
    }
    env["SUPATOOLS_FAULT_TRIAL"] = marker
    return subprocess.Popen(
        [sys.executable, "-m", "supatools", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # our own terminal's signals stay ours
    )


def kill_at_random(
    process: subprocess.Popen[bytes],
    marker: str,
    sig: int,
    rng: random.Random,
    tool: str,
    argument: bytes = b"",
) -> bool:
    """Send ``sig`` to the supatools process at a random moment and wait for it: a third of
    the trials anywhere in the run, two thirds while ``tool`` (with ``argument``) runs. True when a
    pg_dump/pg_restore child was running at that moment, which must then be gone at once:
    SIGTERM is passed on and waited for, and SIGKILL of the parent is the child's death
    signal (a child left alone runs on to its end, several tenths of a second here)."""
    if rng.random() < 1 / 3:
        deadline = time.monotonic() + rng.uniform(0.2, 1.6)
    else:
        give_up = time.monotonic() + 20
        while process.poll() is None and time.monotonic() < give_up:
            if any(name == tool and argument in cmdline(pid) for pid, name in marked(marker)):
                break
            time.sleep(0.005)
        # soon after: a restore of this table takes a few tenths of a second, and the
        # kill must land while the tool runs for the trial to count
        deadline = time.monotonic() + rng.uniform(0.0, 0.1)
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.005)
    children = [pid for pid, name in marked(marker) if name in TOOLS]
    if process.poll() is None:
        process.send_signal(sig)
    process.wait(timeout=60)
    gone_by = time.monotonic() + 0.25
    while {pid for pid, _ in marked(marker)} & set(children):
        assert time.monotonic() < gone_by, "a pg_dump/pg_restore outlived supatools"
        time.sleep(0.01)
    return bool(children)


def assert_no_child_survives(marker: str) -> None:
    deadline = time.monotonic() + 5
    while marked(marker) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marked(marker) == [], "a child outlived supatools"


def verifies(path: Path, url: str) -> bool:
    """``pg_restore --list`` reads the dump and finds the table's data in it."""
    from supatools.backup import find_tool, server_major_of

    if url not in _RESTORE_TOOL:
        _RESTORE_TOOL[url] = find_tool("pg_restore", server_major_of(url))
    listed = subprocess.run([str(_RESTORE_TOOL[url]), "--list", str(path)], capture_output=True)
    return listed.returncode == 0 and b"TABLE DATA public big" in listed.stdout


_RESTORE_TOOL: dict[str, Path] = {}


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_backup_killed_at_random_moments_loses_nothing_and_leaves_nothing(
    big_database: Database, tmp_path: Path, sig: int
) -> None:
    rng = random.Random(18_000 + sig)
    folder = tmp_path / "dumps"
    folder.mkdir()
    good = folder / "good.dump"
    made = start("backup", "--out", str(good), "--db-url", big_database.url, marker="setup")
    assert made.wait(timeout=60) == 0 and verifies(good, big_database.url)
    good_bytes = good.read_bytes()
    current = folder / "current.dump"
    current.write_bytes(good_bytes)
    during_child = completed = 0
    checked: set[str] = set()
    for trial in range(TRIALS):
        marker = uuid.uuid4().hex
        # odd trials: a new name; even: --force over current.dump, always a good archive
        target = current if trial % 2 == 0 else folder / f"new_{trial}.dump"
        extra = ["--force"] if trial % 2 == 0 else []
        run = start(
            "backup", "--out", str(target), *extra, "--db-url", big_database.url, marker=marker
        )
        during_child += kill_at_random(run, marker, sig, rng, "pg_dump")
        completed += run.returncode == 0
        assert_no_child_survives(marker)
        assert good.read_bytes() == good_bytes, trial
        assert verifies(current, big_database.url), trial
        names = {p.name for p in folder.iterdir()}
        expected = {"good.dump", "current.dump"}
        assert names - expected <= {f"new_{n}.dump" for n in range(TRIALS)}, (trial, names)
        for name in names - expected - checked:
            assert verifies(folder / name, big_database.url), (trial, name)
            checked.add(name)
    # the kills must really have hit running pg_dumps, or the test proved nothing
    assert during_child >= TRIALS // 3, during_child
    print(
        f"\nbackup, {signal.Signals(sig).name}: {TRIALS} trials, {during_child} killed while "
        f"pg_dump or its verification ran, {completed} completed first"
    )


def lock_is_free(database: Database, key: int) -> bool:
    """The migration lock is free within a moment (the killed run's session ends as soon
    as its server process reads the closed connection)."""
    deadline = time.monotonic() + 5
    with database.connect() as conn:
        while True:
            row = conn.execute("select pg_try_advisory_lock(%s)", (key,)).fetchone()
            if row == (True,):
                conn.execute("select pg_advisory_unlock(%s)", (key,))
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_restore_killed_at_random_moments_is_all_or_nothing_and_leaves_no_child(
    big_database: Database, tmp_path: Path, sig: int
) -> None:
    from supatools.db import MIGRATION_LOCK_KEY

    rng = random.Random(18_100 + sig)
    dump = tmp_path / "big.dump"
    made = start("backup", "--out", str(dump), "--db-url", big_database.url, marker="setup")
    assert made.wait(timeout=60) == 0
    during_child = restored = 0
    for _ in range(TRIALS):
        with big_database.connect() as conn:
            conn.execute("delete from public.big where id > %s", (ROWS - 10,))
        marker = uuid.uuid4().hex
        run = start("restore", str(dump), "--yes", "--db-url", big_database.url, marker=marker)
        during_child += kill_at_random(run, marker, sig, rng, "pg_restore", b"--clean")
        assert_no_child_survives(marker)
        count = big_database.scalar("select count(*) from public.big")
        assert count in (ROWS - 10, ROWS), count
        restored += count == ROWS
        time.sleep(0.2)  # a restore "killed" but still running would commit about now
        assert big_database.scalar("select count(*) from public.big") == count
        assert lock_is_free(big_database, MIGRATION_LOCK_KEY)
    assert during_child >= TRIALS // 3, during_child
    print(
        f"\nrestore, {signal.Signals(sig).name}: {TRIALS} trials, {during_child} killed while "
        f"pg_restore ran, {restored} restored whole, {TRIALS - restored} not at all"
    )


def test_ctrl_c_during_pg_dump_leaves_no_file_and_no_child(
    big_database: Database, tmp_path: Path
) -> None:
    """SIGINT to supatools alone (the child is in its own process group, so it gets the
    signal only by supatools passing it on) while pg_dump writes: exit 3, no file at the
    target (once a 0-byte file was left), no temporary file, no pg_dump left running."""
    out = tmp_path / "interrupted.dump"
    interrupted = 0
    for delay in (0.0, 0.1, 0.2):
        marker = uuid.uuid4().hex
        run = start("backup", "--out", str(out), "--db-url", big_database.url, marker=marker)
        deadline = time.monotonic() + 20
        while not any(name == "pg_dump" for _, name in marked(marker)):
            assert run.poll() is None and time.monotonic() < deadline, "pg_dump never started"
            time.sleep(0.005)
        time.sleep(delay)
        run.send_signal(signal.SIGINT)
        code = run.wait(timeout=60)
        assert_no_child_survives(marker)
        if code == 0:  # finished before the signal: a verified dump, then try again
            assert verifies(out, big_database.url)
            out.unlink()
            continue
        assert code == 3
        assert list(tmp_path.iterdir()) == []
        interrupted += 1
    assert interrupted >= 1
