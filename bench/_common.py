"""Shared helpers for the benchmarks: a server, fresh databases, timing."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from supatools.local import LocalServer, bootstrap, find_bindir

SUPATOOLS = [sys.executable, "-m", "supatools"]
REPO = Path(__file__).resolve().parent.parent


@contextmanager
def server_url() -> Iterator[str]:
    """``SUPATOOLS_BENCH_DSN`` when set, else a throw-away embedded server."""
    dsn = os.environ.get("SUPATOOLS_BENCH_DSN")
    if dsn:
        yield dsn
        return
    root = Path(tempfile.mkdtemp(prefix="supatools-bench-"))
    root.chmod(0o755)
    server = LocalServer(root / "local")
    try:
        yield server.start().url()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def with_dbname(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new database prepared like a Supabase project, dropped afterwards."""
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = with_dbname(admin_url, name)
    bootstrap(url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        # the previous round's dirty pages and dropped database are written out now, not
        # by the checkpointer in the middle of the next tool's timed run (the rounds
        # spread over +-20 % without it)
        conn.execute("CHECKPOINT")
    try:
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def psql_path() -> str:
    found = shutil.which("psql")
    if found:
        return found
    return str(find_bindir() / "psql")


def timed(action: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def timed_with_cpu(action: Callable[[], None]) -> tuple[float, float]:
    """Wall time and the user CPU time of the child processes ``action`` waited for."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    wall = timed(action)
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before


def median(values: list[float]) -> float:
    return statistics.median(values)


def user_env() -> dict[str, str]:
    """This environment as a user's shell has it: bytecode allowed (pip compiles an installed
    package's at install), so no measured process pays for compiling supatools' sources."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(args: list[str], **kwargs: object) -> None:
    """Run a measured command to completion, output discarded, in :func:`user_env`."""
    kwargs.setdefault("env", user_env())
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]


def dbmate_path() -> str | None:
    """dbmate from PATH, else from npm (cached); None when neither is available."""
    found = shutil.which("dbmate")
    if found:
        return found
    cache = Path.home() / ".cache" / "supatools-bench"
    binary = cache / "node_modules" / ".bin" / "dbmate"
    if not binary.exists() and shutil.which("npm"):
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(cache), "dbmate"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return str(binary) if binary.exists() else None


def _quiet(args: list[str]) -> None:
    """Run an install step; its output (pip's, the build backend's warnings) only if it fails."""
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        done.check_returncode()


def wheel_python(root: Path) -> Path:
    """A new virtual environment under ``root`` with a wheel of this checkout installed."""
    wheels = root / "wheels"
    _quiet([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(REPO)])
    venv = root / "venv"
    _quiet([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    wheel = next(wheels.glob("supatools-*.whl"))
    _quiet([str(python), "-m", "pip", "install", "-q", str(wheel)])
    return python


def add_wheel_option(parser: argparse.ArgumentParser) -> None:
    """``--wheel``: time supatools as users run it, not as this checkout is installed."""
    parser.add_argument(
        "--wheel",
        action="store_true",
        help="run supatools as users do: the console script of a wheel in a new venv "
        "(an editable install's finder costs every start ~15 ms more)",
    )


def supatools_program(wheel: bool, root: Path) -> tuple[list[str], str]:
    """The command that starts supatools, and how it was installed (for the report)."""
    if not wheel:
        return SUPATOOLS, "python -m supatools"
    return [str(wheel_python(root).parent / "supatools")], "a wheel's console script"


def conditions(url: str, load_before: float) -> str:
    """The report's second line: when, which server with which durability, how busy the
    machine was (``load_before``: the load average when the rounds began)."""
    with psycopg.connect(url) as conn:
        server = conn.execute(
            "SELECT current_setting('server_version'), current_setting('fsync'),"
            " current_setting('synchronous_commit')"
        ).fetchone()
    version, fsync, synchronous = server or ("?", "?", "?")
    return (
        f"  {time.strftime('%Y-%m-%d %H:%M %Z')}; PostgreSQL {version} (fsync {fsync},"
        f" synchronous_commit {synchronous}); load average {load_before:.2f} before the"
        f" rounds, {os.getloadavg()[0]:.2f} after, on {os.cpu_count()} CPUs"
    )
