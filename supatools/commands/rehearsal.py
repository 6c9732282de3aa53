"""``migrate --rehearse``: the real run, on a copy of the target in the local server.

The target's schema (and, with ``with_data``, its rows) and its migration history are
copied with ``pg_dump`` into a fresh database of ``supatools local``, prepared like a
Supabase project first (the copy leaves out the schemas Supabase manages, which the
local server provides). The pending migrations are applied there and the RLS gate runs,
so the rehearsal fails exactly where the real run would — with ``file:line`` and the
findings — while nothing of the target is written: it is only read, by ``pg_dump``.
The copy is dropped afterwards unless ``keep``.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from supatools.errors import EnvironmentFailure, SupatoolsError
from supatools.redact import show_url
from supatools.settings import Settings


@dataclass(frozen=True)
class Rehearsal:
    """What the rehearsal did on the copy."""

    target: str  # redacted
    copy: str  # the local database's URL (trust auth, no secret)
    kept: bool
    result: object  # MigrateResult when the run finished, else None
    failure: SupatoolsError | None  # what stopped the run on the copy
    restore_warnings: int  # objects of the target the local server could not take


def rehearse(
    settings: Settings,
    target_url: str,
    *,
    with_data: bool = False,
    keep: bool = False,
    verify: bool = True,
    fail_on: str = "error",
    on_warning: Callable[[str], None] = lambda _: None,
) -> Rehearsal:
    import psycopg
    from psycopg import sql

    from supatools import backup
    from supatools.commands import hooks
    from supatools.local import MAINTENANCE_DB, LocalServer

    major = backup.server_major_of(target_url)
    server = LocalServer.for_settings(settings)
    status = server.start()
    admin = status.url(MAINTENANCE_DB)
    dropped = drop_stale_copies(admin)
    if dropped:
        on_warning(
            f"dropped {len(dropped)} rehearsal copy(ies) left by interrupted runs: "
            + ", ".join(dropped)
        )
    name = copy_name(keep)
    copy = status.url(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        # from template0: another process connected to template1 cannot block the copy
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    try:
        from supatools.local import bootstrap

        bootstrap(copy, server.grants, server.search_path)
        warnings = _copy(target_url, major, copy, with_data, on_warning)
        from dataclasses import replace

        local_settings = replace(settings, db_url=copy, db_url_source="rehearsal", local=False)
        try:
            result = hooks.migrate(
                local_settings, copy, verify=verify, fail_on=fail_on, on_warning=on_warning
            )
            failure = None
        except SupatoolsError as exc:
            result, failure = None, exc
        return Rehearsal(show_url(target_url), copy, keep, result, failure, warnings)
    finally:
        if not keep:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


#: every rehearsal copy's name starts so; a copy made for ``--keep`` says so next, any
#: other carries the id of the process that made it (and drops it when it ends)
COPY_PREFIX = "supatools_rehearsal_"


def copy_name(keep: bool) -> str:
    """A new copy's name: ``supatools_rehearsal_kept_<id>`` for ``--keep``, else
    ``supatools_rehearsal_<pid>_<id>``, so a later run can tell an abandoned copy (its
    process is gone) from a running rehearsal's."""
    owner = "kept" if keep else str(os.getpid())
    return f"{COPY_PREFIX}{owner}_{uuid.uuid4().hex[:10]}"


def drop_stale_copies(admin_url: str) -> list[str]:
    """Drop the rehearsal copies that interrupted runs left on the local server (through
    ``admin_url``, a connection to another database); returns their names.

    A copy is stale when the process named in it is gone and no session uses it. A
    running rehearsal's copy (its process alive), a copy in use, and a ``--keep`` copy
    (or one named by an older supatools, which cannot be told from a kept one) stay
    (:func:`supatools.local.database.drop_abandoned`).
    """
    import psycopg

    from supatools.local.database import drop_abandoned

    with psycopg.connect(admin_url, autocommit=True) as conn:
        return drop_abandoned(conn, COPY_PREFIX)


def _copy(
    target: str, major: int, copy: str, with_data: bool, on_warning: Callable[[str], None]
) -> int:
    """pg_dump the target (schema, plus history rows; everything with ``with_data``) and
    pg_restore it into ``copy``. Returns how many objects the restore could not create."""
    from supatools import backup, children

    dump_tool = backup.find_tool("pg_dump", major)
    # the local server is newer or equal: its own pg_restore reads any older dump
    restore_tool = backup.find_tool("pg_restore", backup.server_major_of(copy))
    excluded = [f"--exclude-schema={s}" for s in backup.EXCLUDED_SCHEMAS]
    with tempfile.TemporaryDirectory(prefix="supatools-rehearsal-") as folder:
        dumps: list[Path] = []
        runs = (
            [["--format=custom", *excluded]]
            if with_data
            else [
                ["--format=custom", "--schema-only", *excluded],
                ["--format=custom", "--data-only", "--schema=supabase_migrations"],
            ]
        )
        for index, options in enumerate(runs):
            path = Path(folder) / f"{index}.dump"
            # its own process group, dying with supatools (a killed rehearsal leaves no
            # pg_dump reading the target)
            done = children.run(
                [str(dump_tool), *options, f"--file={path}"], env=backup.libpq_environment(target)
            )
            if done.returncode != 0 and "no matching schemas" in done.stderr and index == 1:
                continue  # the target has no migration history yet: nothing to copy
            if done.returncode != 0:
                raise EnvironmentFailure(
                    f"copying the target for the rehearsal failed: pg_dump said: "
                    f"{backup.last_line(done.stderr)}; nothing was written anywhere"
                )
            dumps.append(path)
        failed = 0
        for path in dumps:
            done = children.run(
                [str(restore_tool), "--no-owner", "--dbname=", str(path)],
                env=backup.libpq_environment(copy),
            )
            # what the local server already has (the supabase_realtime publication, ...) is
            # not a difference
            errors = [
                line
                for line in done.stderr.splitlines()
                if "error:" in line and "already exists" not in line
            ]
            failed += len(errors)
            for line in errors[:5]:
                on_warning(f"rehearsal copy: {backup.last_line(line)}")
        return failed
