"""Backups with PostgreSQL's own tools: ``pg_dump`` (custom format) before a migration,
verified with ``pg_restore --list``, and ``pg_restore`` to bring one back.

The connection reaches both tools through libpq's environment variables (``PGHOST``,
``PGPASSWORD``, ...), never their command line, where ``ps`` would show a password.
``pg_dump`` must be at least the server's major version: the embedded distribution's
is used when it is new enough, else one found on the machine, else the run stops
saying which version to install. Schemas Supabase manages itself (auth, storage,
realtime, vault ...) are left out, as ``supabase db dump`` leaves them out: a restore
brings back the project's own schemas and its migration history.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from supatools.errors import EnvironmentFailure
from supatools.local import binary_major
from supatools.schemas import INTERNAL_SCHEMAS

#: libpq connection parameters and the environment variable each one travels in
_ENVIRONMENT = {
    "host": "PGHOST",
    "hostaddr": "PGHOSTADDR",
    "port": "PGPORT",
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "requiressl": "PGREQUIRESSL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "channel_binding": "PGCHANNELBINDING",
    "gssencmode": "PGGSSENCMODE",
}

#: kept out of a backup: Supabase's own schemas (what `supabase db dump` leaves out);
#: supabase_migrations stays in, so a restore brings the history back with the schema
EXCLUDED_SCHEMAS = tuple(
    sorted(s for s in INTERNAL_SCHEMAS if s not in ("supabase_migrations", "pg_catalog"))
)


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    entries: int  # TOC entries pg_restore --list found
    pg_dump: Path
    seconds: float


def libpq_environment(url: str) -> dict[str, str]:
    """The process environment for a PostgreSQL tool, with the connection of ``url`` in
    libpq's variables (and any inherited PG* variable removed first)."""
    from psycopg.conninfo import conninfo_to_dict

    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for key, value in conninfo_to_dict(url).items():
        if value is None:
            continue
        name = _ENVIRONMENT.get(key)
        if name is None:
            raise EnvironmentFailure(
                f"the database URL has the parameter {key!r}, which supatools cannot pass to "
                "pg_dump without putting it on a command line; remove it for the backup"
            )
        env[name] = str(value)
    return env


def find_tool(name: str, server_major: int) -> Path:
    """``pg_dump``/``pg_restore`` of at least ``server_major``: SUPATOOLS_PG_DUMP (for
    pg_dump), the embedded distribution's, then the machine's, newest first."""
    candidates: list[Path] = []
    override = os.environ.get("SUPATOOLS_PG_DUMP") if name == "pg_dump" else None
    if override:
        candidates.append(Path(override))
    from supatools.errors import LocalServerError
    from supatools.local import find_bindir

    try:
        candidates.append(find_bindir() / name)
    except LocalServerError:
        pass
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    candidates += sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
        reverse=True,
    )
    seen: list[str] = []
    usable: list[tuple[int, int, Path]] = []
    for order, candidate in enumerate(candidates):
        if not candidate.is_file():
            continue
        major = binary_major(candidate)
        seen.append(f"{candidate} ({major})")
        if major is not None and major >= server_major:
            usable.append((major, order, candidate))
    if override and usable and usable[0][2] == Path(override):
        return usable[0][2]
    if usable:
        # the server's own major first: a newer pg_restore writes settings an older server
        # does not know (PostgreSQL 17's transaction_timeout), then the closest newer one
        return min(usable, key=lambda u: (u[0] != server_major, u[0], u[1]))[2]
    raise EnvironmentFailure(
        f"no {name} of PostgreSQL {server_major} or newer found (the server runs "
        f"{server_major}; found: {', '.join(seen) or 'none'}); install the client tools of "
        f"PostgreSQL {server_major}+ (e.g. 'apt install postgresql-client-{server_major}' or "
        f"'brew install postgresql@{server_major}'), or pip install 'supatools[local]'"
    )


def touched_tables(statements: list[str]) -> list[str]:
    """``schema.table`` of every relation the statements name (unqualified: public), read
    from PostgreSQL's own parse tree, tables a DROP TABLE names included: what
    --backup-tables dumps."""
    import json

    from pglast import parser

    from supatools.locks import names, relations

    found: set[str] = set()
    for text in statements:
        try:
            tree = json.loads(parser.parse_sql_json(text))
        except parser.ParseError:
            continue  # the migration's own parse already accepted it; nothing to add
        found |= relations(tree)
        for raw in tree.get("stmts", []):
            drop = raw.get("stmt", {}).get("DropStmt", {})
            if drop.get("removeType") == "OBJECT_TABLE":
                for item in drop.get("objects") or []:
                    parts = names(item.get("List", {}).get("items"))
                    if parts:
                        found.add(".".join(parts if len(parts) > 1 else ["public", *parts]))
    return sorted(found)


def server_major_of(url: str) -> int:
    """The major version of the server at ``url`` (one short connection)."""
    import psycopg

    from supatools.db import connect, translate
    from supatools.settings import redact_url

    conn = connect(url, redacted=redact_url(url), application_name="supatools backup")
    try:
        return int(conn.info.server_version) // 10000
    except psycopg.Error as exc:
        raise translate(exc, "reading the server version") from None
    finally:
        conn.close()


def database_name(url: str) -> str:
    from psycopg.conninfo import conninfo_to_dict

    return str(conninfo_to_dict(url).get("dbname") or "postgres")


def default_path(folder: Path, database: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", database) or "database"
    return folder / f"{stamp}_{safe}.dump"


#: seconds between two progress lines of a long dump
PROGRESS_EVERY = 3.0


def _progress(path: Path, done: threading.Event, say: Callable[[str], None]) -> None:
    """Every few seconds, how much of a long dump is written (on stderr)."""
    while not done.wait(PROGRESS_EVERY):
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        say(f"backup: {size / 1_000_000:.1f} MB written to {path} so far")


def dump(
    url: str,
    server_major: int,
    path: Path,
    *,
    tables: list[str] | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> Backup:
    """A verified custom-format dump of the database at ``url`` in ``path``; with
    ``tables``, only those (and the migration history), for large databases."""
    tool = find_tool("pg_dump", server_major)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentFailure(
            f"cannot create the backup folder {path.parent} ({exc.strerror})"
        ) from None
    args = [str(tool), "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"]
    if tables is None:
        args += [f"--exclude-schema={schema}" for schema in EXCLUDED_SCHEMAS]
    else:
        # a table the migrations name but the database lacks yet matches nothing, which
        # pg_dump accepts as long as one pattern matches: the history always does
        args += [f"--table={_quoted(name)}" for name in tables]
        args += ["--table=supabase_migrations.*"]
    env = libpq_environment(url)
    started = time.monotonic()
    done = threading.Event()
    watcher = None
    if on_progress is not None:
        watcher = threading.Thread(target=_progress, args=(path, done, on_progress), daemon=True)
        watcher.start()
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise EnvironmentFailure(f"cannot run {tool}: {exc.strerror}") from None
    finally:
        done.set()
    if result.returncode != 0:
        path.unlink(missing_ok=True)
        raise EnvironmentFailure(
            f"backup failed: {tool.name} said: {last_line(result.stderr)}; nothing was migrated"
        )
    entries = verify(path, server_major)
    return Backup(path, path.stat().st_size, entries, tool, time.monotonic() - started)


def _quoted(name: str) -> str:
    """A schema.table as a pg_dump pattern that matches exactly that table."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split(".", 1))


def verify(path: Path, server_major: int) -> int:
    """The number of entries ``pg_restore --list`` reads from the dump (0 is a failure)."""
    tool = find_tool("pg_restore", server_major)
    result = subprocess.run(
        [str(tool), "--list", str(path)], capture_output=True, text=True, check=False
    )
    entries = [line for line in result.stdout.splitlines() if line and not line.startswith(";")]
    if result.returncode != 0 or not entries:
        raise EnvironmentFailure(
            f"the backup {path} did not verify (pg_restore --list: "
            f"{last_line(result.stderr) if result.returncode else 'no entries'}); nothing "
            "was migrated"
        )
    return len(entries)


def restore(url: str, server_major: int, path: Path) -> None:
    """Restore ``path`` into the database at ``url`` in one transaction: the objects it
    holds are dropped and re-created with their rows (``--clean --if-exists``)."""
    if not path.is_file():
        raise EnvironmentFailure(f"{path}: no such backup file")
    verify(path, server_major)
    tool = find_tool("pg_restore", server_major)
    result = subprocess.run(
        [
            str(tool),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname=",
            str(path),
        ],
        env=libpq_environment(url),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise EnvironmentFailure(
            f"restore failed and was rolled back: {tool.name} said: {last_line(result.stderr)}"
        )


def last_line(text: str) -> str:
    from supatools.redact import scrub

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return scrub(lines[-1]) if lines else "no output"
