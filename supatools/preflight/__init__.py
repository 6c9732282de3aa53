"""Checks that the credentials work and carry the permissions the job needs.

Each check returns a :class:`CheckResult` (pass / warn / fail / skip, a detail and a
hint that says what to do). ``migrate`` runs the configuration, pooler, connection
and CREATE checks before it takes its lock; grant problems are only warnings there,
because the migration itself may be the fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from supatools.preflight.config import check_api, check_db_url, check_key, project_ref, session_url
from supatools.preflight.database import (
    NO_SERVICE_ROLE,
    api_objects,
    check_connection,
    check_create,
    check_default_privileges,
    check_grants,
    check_history,
    check_ownership,
    check_service_role,
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
from supatools.settings import Settings, redact_url

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[object, ...]]

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
    "preflight",
    "project_ref",
    "run_database_checks",
    "session_url",
]


# --- the two entry points ---------------------------------------------------------------


def run_database_checks(conn: Conn, settings: Settings, *, full: bool) -> list[CheckResult]:
    """Connection and CREATE checks; with ``full``, ownership, grants, defaults and history."""
    from supatools.schemas import exposed_schemas

    schemas, _source = exposed_schemas(conn, settings)
    results = [check_connection(conn), check_create(conn, schemas)]
    if not full:
        return results
    role = check_service_role(conn)
    if role.detail == NO_SERVICE_ROLE:
        skipped = "service_role does not exist"
        return [
            *results,
            role,
            CheckResult("service_role_grants", SKIP, skipped, ""),
            CheckResult("default_privileges", SKIP, skipped, ""),
            check_history(conn),
        ]
    objects = api_objects(conn, schemas)
    results += [
        check_ownership(objects),
        role,
        check_grants(conn, schemas, objects),
        check_default_privileges(conn, schemas),
        check_history(conn),
    ]
    return results


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
                redacted=redact_url(url),
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
