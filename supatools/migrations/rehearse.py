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

import subprocess
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from supatools.errors import EnvironmentFailure, SupatoolsError
from supatools.settings import Settings, redact_url


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
    from supatools.local import LocalServer
    from supatools.migrations import apply

    major = backup.server_major_of(target_url)
    server = LocalServer.for_settings(settings)
    status = server.start()
    name = f"supatools_rehearsal_{uuid.uuid4().hex[:10]}"
    admin = status.url()
    copy = status.url(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        from supatools.local import bootstrap

        bootstrap(copy, server.grants, server.search_path)
        warnings = _copy(target_url, major, copy, with_data, on_warning)
        from dataclasses import replace

        local_settings = replace(settings, db_url=copy, db_url_source="rehearsal", local=False)
        try:
            result = apply.migrate(
                local_settings, copy, verify=verify, fail_on=fail_on, on_warning=on_warning
            )
            failure = None
        except SupatoolsError as exc:
            result, failure = None, exc
        return Rehearsal(redact_url(target_url), copy, keep, result, failure, warnings)
    finally:
        if not keep:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def _copy(
    target: str, major: int, copy: str, with_data: bool, on_warning: Callable[[str], None]
) -> int:
    """pg_dump the target (schema, plus history rows; everything with ``with_data``) and
    pg_restore it into ``copy``. Returns how many objects the restore could not create."""
    from supatools import backup

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
            done = subprocess.run(
                [str(dump_tool), *options, f"--file={path}"],
                env=backup.libpq_environment(target),
                capture_output=True,
                text=True,
                check=False,
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
            done = subprocess.run(
                [str(restore_tool), "--no-owner", "--dbname=", str(path)],
                env=backup.libpq_environment(copy),
                capture_output=True,
                text=True,
                check=False,
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
