"""Checks that the credentials work and carry the permissions the job needs.

Each check returns a :class:`CheckResult` (pass / warn / fail / skip, a detail and a
hint that says what to do). ``migrate`` runs the configuration, pooler, connection
and CREATE checks before it takes its lock; grant problems are only warnings there,
because the migration itself may be the fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from supatools.preflight.config import check_api, check_db_url, check_key, project_ref, session_url
from supatools.preflight.database import (
    CONNECTION,
    DEFAULT_PRIVILEGES,
    HISTORY_ACCESS,
    NO_SERVICE_ROLE,
    SERVICE_ROLE,
    api_objects_query,
    check_connection,
    check_create,
    check_default_privileges,
    check_grants,
    check_history,
    check_ownership,
    check_service_role,
    create_query,
    default_privileges_now,
    schema_usage_query,
)
from supatools.preflight.results import (
    BLOCKS_MIGRATE,
    FAIL,
    PASS,
    SKIP,
    WARN,
    CheckResult,
    PreflightReport,
)
from supatools.redact import show_url
from supatools.settings import Settings

if TYPE_CHECKING:
    from supatools.db import Conn, Query
    from supatools.migrations.history import Presence

__all__ = [
    "BLOCKS_MIGRATE",
    "FAIL",
    "PASS",
    "SKIP",
    "WARN",
    "CheckResult",
    "PreflightReport",
    "check_api",
    "check_db_url",
    "check_key",
    "default_privileges_now",
    "preflight",
    "project_ref",
    "run_database_checks",
    "session_url",
]


# --- the two entry points ---------------------------------------------------------------


@dataclass(frozen=True)
class DatabaseFacts:
    """The database checks, and what they learned that the job needs next."""

    checks: list[CheckResult]
    schemas: tuple[str, ...]
    schemas_source: str
    history: Presence


def database_facts(
    conn: Conn, settings: Settings, *, full: bool, prelude: Sequence[Query] = ()
) -> DatabaseFacts:
    """Connection and CREATE checks; with ``full``, ownership, grants, defaults and history.

    Two round trips whatever the schema size: everything that does not depend on the
    exposed schemas travels in the first (after ``prelude``, e.g. the session settings),
    the rest in the second.
    """
    from supatools import db
    from supatools.migrations import history
    from supatools.schemas import schema_queries, schemas_from

    wanted = schema_queries(settings)
    first = [*prelude, CONNECTION, *wanted, history.PRESENCE]
    if full:
        first += [SERVICE_ROLE, DEFAULT_PRIVILEGES, HISTORY_ACCESS]
    got = db.batch(conn, first)[len(prelude) :]
    connection, got = got[0], got[1:]
    schemas, source = schemas_from(settings, got[: len(wanted)])
    got = got[len(wanted) :]
    presence = history.presence_from(got[0][0])
    user = str(connection[0][1])
    role = check_service_role(got[1]) if full else None
    # the grant queries name service_role: only asked when it exists
    grants = role is not None and role.detail != NO_SERVICE_ROLE
    second: list[Query] = [create_query(schemas)]
    if grants:
        second += [api_objects_query(schemas), schema_usage_query(schemas)]
    later = db.batch(conn, second)
    results = [check_connection(connection[0]), check_create(later[0], schemas)]
    if role is not None:
        if not grants:
            skipped = "service_role does not exist"
            results += [
                role,
                CheckResult("service_role_grants", SKIP, skipped, ""),
                CheckResult("default_privileges", SKIP, skipped, ""),
            ]
        else:
            objects = later[1]
            results += [
                check_ownership(objects),
                role,
                check_grants(conn, later[2], objects),
                check_default_privileges(conn, got[2], user, schemas),
            ]
        results.append(check_history(got[3][0]))
    return DatabaseFacts(results, schemas, source, presence)


def run_database_checks(conn: Conn, settings: Settings, *, full: bool) -> list[CheckResult]:
    """The checks of :func:`database_facts`."""
    return database_facts(conn, settings, full=full).checks


def preflight(settings: Settings, url: str | None) -> PreflightReport:
    """Every check: configuration, key, API, then the database."""
    from supatools import db
    from supatools.errors import SupatoolsError

    results = list(check_db_url(url, settings.db_url_source if not settings.local else "--local"))
    results.append(
        check_key(
            settings.service_role_key,
            settings.supabase_url,
            trimmed_whitespace=settings.service_role_key_trimmed,
        )
    )
    results.append(check_api(settings.supabase_url, settings.service_role_key))
    if url and all(r.status == PASS for r in results if r.id in ("db_url",)):
        try:
            conn = db.connect(
                url,
                redacted=show_url(url),
                connect_timeout=settings.connect_timeout,
                application_name="supatools preflight",
            )
        except SupatoolsError as exc:
            results.append(CheckResult("db_connect", FAIL, exc.message, ""))
        else:
            try:
                results += run_database_checks(conn, settings, full=True)
            finally:
                conn.close()
    return PreflightReport(tuple(results))
