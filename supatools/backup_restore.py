"""``pg_restore`` of a backup, after checking it is one, that it came from this database,
and under the migration lock, so it never interleaves with a running ``migrate``.

"This database" is judged from what the archive carries: the database name in its
header (``pg_restore --list``: ``dbname: X``) and its migration history rows (the data
of ``supabase_migrations.schema_migrations``). The target must have the same name, and
its history must be the archive's history moved forward or back (one holds the other):
two histories that each hold versions the other lacks belong to different projects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from supatools import children
from supatools.backup import entries_of, find_tool, last_line, libpq_environment, listing
from supatools.errors import EnvironmentFailure, UsageError

#: the first bytes of every pg_dump custom-format archive
MAGIC = b"PGDMP"
TARGET_QUERY = (
    "SELECT current_database(), to_regclass('supabase_migrations.schema_migrations') IS NOT NULL"
)
HISTORY_QUERY = "SELECT version FROM supabase_migrations.schema_migrations"


@dataclass(frozen=True)
class Archive:
    database: str
    versions: frozenset[str] | None  # None: the archive has no migration history


def check_file(path: Path) -> None:
    """A missing file, a folder, or a file that is not a pg_dump custom archive is bad
    input (exit 2): said before any server is reached."""
    try:
        with path.open("rb") as file:
            head = file.read(len(MAGIC))
    except FileNotFoundError:
        raise UsageError(
            f"{path}: no such backup file; give a dump written by supatools backup"
        ) from None
    except IsADirectoryError:
        raise UsageError(
            f"{path} is a folder; give a dump file written by supatools backup"
        ) from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the backup ({exc.strerror})") from None
    if head != MAGIC:
        raise UsageError(
            f"{path} is not a pg_dump custom-format archive (what supatools backup writes); "
            "a plain SQL dump is restored with psql instead"
        )


def inspect(path: Path, server_major: int) -> Archive:
    """The database name and history versions in the dump ``path``; a file that is not a
    readable pg_dump custom archive is bad input (exit 2)."""
    check_file(path)
    listed = listing(path, server_major)
    if listed.returncode != 0 or not entries_of(listed):
        why = last_line(listed.stderr) if listed.returncode else "no entries"
        raise UsageError(f"{path} is not a readable backup (pg_restore --list: {why})")
    found = re.search(r"^;\s+dbname:\s*(.*)$", listed.stdout, re.MULTILINE)
    database = found.group(1).strip() if found else ""
    has_history = re.search(r"TABLE DATA supabase_migrations schema_migrations ", listed.stdout)
    versions = _history(path, server_major) if has_history else None
    return Archive(database, versions)


def _history(path: Path, server_major: int) -> frozenset[str]:
    """The versions in the archive's schema_migrations rows (its COPY data)."""
    tool = find_tool("pg_restore", server_major)
    shown = children.run(
        [
            str(tool),
            "--data-only",
            "--schema=supabase_migrations",
            "--table=schema_migrations",
            "--file=-",
            str(path),
        ]
    )
    if shown.returncode != 0:
        raise UsageError(f"{path}: cannot read its migration history ({last_line(shown.stderr)})")
    versions: set[str] = set()
    copying = False
    for line in shown.stdout.splitlines():
        if line.startswith("COPY supabase_migrations.schema_migrations "):
            copying = True
        elif copying and line == "\\.":
            copying = False
        elif copying:
            versions.add(line.split("\t", 1)[0])
    return frozenset(versions)


def _newest(versions: frozenset[str] | None) -> str:
    return f"history up to {max(versions)}" if versions else "no migration history"


def check_same_database(
    archive: Archive, database: str, versions: frozenset[str] | None, path: Path, shown: str
) -> None:
    """Refuse (exit 2) a target that is not the database the archive was taken from."""
    why = ""
    if archive.database and archive.database != database:
        why = f"it was taken from the database {archive.database!r}, the target is {database!r}"
    elif (
        archive.versions
        and versions
        and not (archive.versions <= versions or versions <= archive.versions)
    ):
        theirs = sorted(archive.versions - versions)
        ours = sorted(versions - archive.versions)
        why = (
            f"its history ({_newest(archive.versions)}) and the target's "
            f"({_newest(versions)}) diverge: {theirs[0]} only in the backup, {ours[0]} only "
            "in the target"
        )
    if why:
        raise UsageError(
            f"{path} is not a backup of {shown}: {why}; nothing was changed (restore into the "
            "database it was taken from, or pass --other-database to replace this one)"
        )


def restore(
    url: str,
    server_major: int,
    path: Path,
    *,
    redacted: str,
    lock_wait: float,
    lock_timeout: str,
    other_database: bool = False,
    archive: Archive | None = None,
) -> None:
    """Restore ``path`` into the database at ``url`` in one transaction, holding the
    migration lock: the objects it holds are dropped and re-created with their rows
    (``--clean --if-exists``). Refused when the target is not the database dumped,
    unless ``other_database``. ``archive``: what :func:`inspect` already read of ``path``."""
    from supatools import db

    if archive is None:
        archive = inspect(path, server_major)
    tool = find_tool("pg_restore", server_major)
    conn = db.connect(url, redacted=redacted, application_name="supatools restore")
    try:
        with db.migration_lock(conn, lock_wait, lock_timeout, then=[TARGET_QUERY]) as got:
            name, has_history = got[0][0]
            versions = None
            if has_history:
                rows = conn.execute(HISTORY_QUERY).fetchall()
                versions = frozenset(str(row[0]) for row in rows)
            if not other_database:
                check_same_database(archive, str(name), versions, path, redacted)
            result = children.run(
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
            )
    finally:
        conn.close()
    if result.returncode != 0:
        raise EnvironmentFailure(
            f"restore failed and was rolled back: {tool.name} said: {last_line(result.stderr)}"
        )
