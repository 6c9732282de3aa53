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
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from supatools import children
from supatools.backup_file import PendingFile, check_target, make_folder
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
    from supatools.redact import show_url

    conn = connect(url, redacted=show_url(url), application_name="supatools backup")
    try:
        return int(conn.info.server_version) // 10000
    except psycopg.Error as exc:
        raise translate(exc, "reading the server version") from None
    finally:
        conn.close()


def database_name(url: str) -> str:
    from psycopg.conninfo import conninfo_to_dict

    return str(conninfo_to_dict(url).get("dbname") or "postgres")


#: seconds between two progress lines of a long dump
PROGRESS_EVERY = 3.0


def _progress(
    pending: PendingFile, path: Path, done: threading.Event, say: Callable[[str], None]
) -> None:
    """Every few seconds, how much of a long dump is written (on stderr)."""
    while not done.wait(PROGRESS_EVERY):
        try:
            size = pending.size()
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
    replace: bool = False,
) -> Backup:
    """A verified custom-format dump of the database at ``url`` in ``path``; with
    ``tables``, only those (and the migration history), for large databases. Nothing is
    ever at ``path`` that did not verify, and a file already there is replaced only with
    ``replace`` (and then only by a verified dump: see :mod:`supatools.backup_file`)."""
    tool = find_tool("pg_dump", server_major)
    check_target(path, replace)
    make_folder(path.parent)
    # no --file: pg_dump writes to its stdout, the unnamed file (custom format allows it)
    args = [str(tool), "--format=custom", "--no-owner", "--no-privileges"]
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
    with PendingFile(path.parent, path.name) as pending:

        def watch() -> None:
            if on_progress is not None:
                threading.Thread(
                    target=_progress, args=(pending, path, done, on_progress), daemon=True
                ).start()

        try:
            result = children.run(args, env=env, stdout=pending.fd, on_started=watch)
        except OSError as exc:
            raise EnvironmentFailure(f"cannot run {tool}: {exc.strerror}") from None
        finally:
            done.set()
        if result.returncode != 0:
            raise EnvironmentFailure(
                f"backup failed: {tool.name} said: {last_line(result.stderr)}; nothing was "
                f"written to {path}"
            )
        entries = _verified_entries(pending.fd, server_major, path)
        size = pending.size()
        pending.publish(path, replace)
    return Backup(path, size, entries, tool, time.monotonic() - started)


def _quoted(name: str) -> str:
    """A schema.table as a pg_dump pattern that matches exactly that table."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split(".", 1))


def listing(source: Path | int, server_major: int) -> children.Finished:
    """``pg_restore --list`` of a dump file, or of an open file's contents (from its start)."""
    tool = find_tool("pg_restore", server_major)
    if isinstance(source, int):
        os.lseek(source, 0, os.SEEK_SET)
        return children.run([str(tool), "--list"], stdin=source)
    return children.run([str(tool), "--list", str(source)])


def entries_of(listed: children.Finished) -> list[str]:
    return [line for line in listed.stdout.splitlines() if line and not line.startswith(";")]


def _verified_entries(fd: int, server_major: int, path: Path) -> int:
    """The number of entries ``pg_restore --list`` reads from the dump (0 is a failure)."""
    listed = listing(fd, server_major)
    entries = entries_of(listed)
    if listed.returncode != 0 or not entries:
        why = last_line(listed.stderr) if listed.returncode else "no entries"
        raise EnvironmentFailure(
            f"the backup did not verify (pg_restore --list: {why}); nothing was written to {path}"
        )
    return len(entries)


def last_line(text: str) -> str:
    from supatools.redact import scrub

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return scrub(lines[-1]) if lines else "no output"
