"""``supatools drift``: what the database has that its migrations do not say.

The expected schema is a database named by ``--against``, or the migrations the target's
history says are applied, applied (no seed) to a fresh database of the local embedded
server that is dropped afterwards. Both are snapshotted (:mod:`supatools.drift`) and
compared; ``--write NAME`` turns the drift into a migration that keeps the live state.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from supatools.commands.base import Outcome, Say, Target, connection, quiet, target
from supatools.errors import SupatoolsError
from supatools.settings import Settings

if TYPE_CHECKING:
    from supatools.db import Conn
    from supatools.drift.compare import Drift
    from supatools.drift.snapshot import Snapshot

#: every expected database's name starts so; the process id follows
DRIFT_PREFIX = "supatools_drift_"


@dataclass(frozen=True)
class DriftReport:
    """What ``drift`` found."""

    target: str  # redacted
    expected: str  # where the expected schema came from, said for people
    drifts: tuple[Drift, ...]
    #: the migration ``--write`` made, and what it could not write
    written: Path | None = None
    unwritten: tuple[str, ...] = ()

    @property
    def errors(self) -> int:
        return sum(1 for d in self.drifts if d.level == "error")


def drift(
    settings: Settings,
    *,
    against: str | None = None,
    write: str | None = None,
    on_warning: Say = quiet,
) -> Outcome[DriftReport]:
    """Compare the target with what its migrations (or ``against``) make; fails when a
    drift is security-relevant (level error)."""
    from supatools.db import check_url
    from supatools.drift.compare import compare
    from supatools.drift.snapshot import take
    from supatools.redact import show_url

    where = target(settings, on_warning)
    against_target = None
    if against is not None:
        check_url(against)
        against_target = Target(against, show_url(against), "--against")
    with connection(where, "drift") as conn:
        # the history travels with the snapshot: one round trip after connecting
        live = take(conn, () if against_target else _HISTORY)
        versions = None if against_target else _versions(live.also[1])
    if against_target is not None:
        with connection(against_target, "drift") as conn:
            expected = take(conn)
        said = f"the database at {against_target.shown}"
    else:
        assert versions is not None
        expected = _expected(settings, versions, on_warning)
        said = f"{len(versions)} applied migration(s) replayed on the local server"
    drifts = tuple(compare(expected, live))
    report = DriftReport(where.shown, said, drifts)
    if write is not None and drifts:
        from supatools.drift.write import write_migration

        path, unwritten = write_migration(settings.migrations_dir, write, drifts, live, expected)
        report = replace(report, written=path, unwritten=tuple(unwritten))
    if report.errors:
        return Outcome(
            report,
            ok=False,
            message=f"{report.errors} security-relevant drift(s) in {where.shown}: "
            "keep them with --write NAME or undo them",
        )
    return Outcome(report)


#: the versions of the target's history (none without one), in the snapshot's batch: a
#: query that names a missing table would fail the whole batch, so a DO block reads the
#: table only when it is there, into a setting of this transaction (no catalog write:
#: works on a read-only standby; query_to_xml would need a server built with libxml)
_HISTORY = (
    "DO $supatools$ BEGIN IF to_regclass('supabase_migrations.schema_migrations') IS NOT NULL "
    "THEN EXECUTE 'SELECT set_config(''supatools.drift_versions'', "
    "coalesce(string_agg(version::text, '',''), ''''), true) "
    "FROM supabase_migrations.schema_migrations'; END IF; END $supatools$",
    "SELECT current_setting('supatools.drift_versions', true)",
)


def _versions(rows: list[tuple[object, ...]]) -> list[str]:
    found = str(rows[0][0] or "") if rows else ""
    return sorted(v for v in found.split(",") if v)


def _expected(settings: Settings, versions: list[str], on_warning: Say) -> Snapshot:
    """The snapshot of a fresh database of the local server with ``versions`` applied
    from the migrations folder; the database is dropped afterwards."""
    import psycopg
    from psycopg import sql

    from supatools.commands import hooks
    from supatools.drift.snapshot import take
    from supatools.local import MAINTENANCE_DB, LocalServer, bootstrap
    from supatools.migrations import files

    local = files.discover(settings.migrations_dir, on_warning)
    chosen = [m for m in local if m.version in set(versions)]
    unknown = sorted(set(versions) - {m.version for m in chosen})
    if unknown:
        on_warning(
            f"{len(unknown)} applied version(s) have no file in {settings.migrations_dir} "
            f"(first {unknown[0]}): the expected schema leaves them out"
        )
    server = LocalServer.for_settings(settings)
    status = server.start()
    admin = status.url(MAINTENANCE_DB)
    name = f"{DRIFT_PREFIX}{os.getpid()}_{uuid.uuid4().hex[:10]}"
    url = status.url(name)
    folder = Path(tempfile.mkdtemp(prefix="supatools-drift-"))
    with psycopg.connect(admin, autocommit=True) as conn:
        _drop_abandoned(conn, on_warning)
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    try:
        bootstrap(url, server.grants, server.search_path)
        for migration in chosen:
            shutil.copy2(migration.path, folder / migration.path.name)
        expected_settings = replace(
            settings,
            migrations_dir=folder,
            db_url=url,
            db_url_source="drift",
            local=False,
            seed=False,
            seed_files=(),
        )
        if chosen:
            try:
                hooks.migrate(expected_settings, url, verify=False, on_warning=quiet)
            except SupatoolsError as exc:
                said = exc.message.replace(str(folder), str(settings.migrations_dir))
                raise type(exc)(
                    f"replaying the applied migrations on the local server failed: {said}; "
                    "the expected schema could not be built (compare with --against URL instead)"
                ) from None
        with connection(Target(url, url, "drift"), "drift") as conn:
            return take(conn)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _drop_abandoned(conn: Conn, on_warning: Say) -> None:
    """Drop the expected databases that killed runs left: their process is gone and no
    session uses them (a DROP without FORCE: one that gets a session in between stays)."""
    from supatools.local.database import drop_abandoned

    dropped = drop_abandoned(conn, DRIFT_PREFIX)
    if dropped:
        on_warning(f"dropped {len(dropped)} drift database(s) left by interrupted runs")
