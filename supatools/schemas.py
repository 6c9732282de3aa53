"""Which schemas the API exposes: configuration first, then what PostgREST reads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supatools.settings import Settings

if TYPE_CHECKING:
    from supatools.db import Conn, Query

#: schemas Supabase manages itself; never reported as the user's tables
INTERNAL_SCHEMAS = frozenset(
    {
        "auth",
        "storage",
        "realtime",
        "extensions",
        "graphql",
        "graphql_public",
        "vault",
        "pgsodium",
        "pgsodium_masks",
        "supabase_functions",
        "supabase_migrations",
        "net",
        "cron",
        "pgbouncer",
        "_realtime",
        "_analytics",
        "information_schema",
        "pg_catalog",
    }
)

_ROLE_SETTING = """
SELECT substring(setting FROM '^pgrst\\.db_schemas=(.*)$')
FROM pg_db_role_setting s
JOIN pg_roles r ON r.oid = s.setrole
CROSS JOIN LATERAL unnest(s.setconfig) AS setting
WHERE r.rolname = 'authenticator'
  AND s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
  AND setting LIKE 'pgrst.db\\_schemas=%'
ORDER BY s.setdatabase DESC
LIMIT 1
"""


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip().strip('"') for part in value.split(",") if part.strip())


_MISSING = (
    "SELECT array_agg(s ORDER BY s) FROM unnest(%s::text[]) AS s "
    "WHERE to_regnamespace(quote_ident(s)) IS NULL"
)


def schema_queries(settings: Settings) -> list[Query]:
    """What :func:`schemas_from` needs, to send in a :func:`supatools.db.batch`."""
    if settings.schemas:
        return [(_MISSING, (list(settings.schemas),))]
    return [_ROLE_SETTING, "SELECT current_setting('pgrst.db_schemas', true)"]


def schemas_from(
    settings: Settings, results: list[list[tuple[Any, ...]]]
) -> tuple[tuple[str, ...], str]:
    """(schemas, where they came from): ``--schema``/config, else ``pgrst.db_schemas`` on
    role ``authenticator``, else the session's ``pgrst.db_schemas``, else ``public``.
    ``results`` are those of :func:`schema_queries`.

    Supabase's internal schemas are dropped: they are not the user's tables.
    """
    if settings.schemas:
        found, source = settings.schemas, settings.schemas_source
        first = results[0][0][0] if results[0] else None
        missing = [str(m) for m in (first or ())]
        if missing and settings.schemas_must_exist:
            from supatools.errors import UsageError

            raise UsageError(
                f"schema {', '.join(repr(m) for m in missing)} (from {source}) does not exist "
                "in this database; schema names are case-sensitive, and several are written "
                "--schema a --schema b or --schema a,b"
            )
    else:
        role_setting = results[0][0][0] if results[0] else None
        session_setting = results[1][0][0] if results[1] else None
        if role_setting:
            found, source = _split(str(role_setting)), "pgrst.db_schemas on role authenticator"
        elif session_setting:
            found, source = _split(str(session_setting)), "pgrst.db_schemas setting"
        else:
            found, source = ("public",), "default"
    return tuple(s for s in found if s not in INTERNAL_SCHEMAS), source


def exposed_schemas(conn: Conn, settings: Settings) -> tuple[tuple[str, ...], str]:
    """:func:`schemas_from` in one round trip of its own."""
    from supatools.db import batch

    return schemas_from(settings, batch(conn, schema_queries(settings)))
