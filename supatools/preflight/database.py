"""Checks of the database: connection, CREATE, ownership, service_role grants, history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supatools.db import relation_oid
from supatools.preflight.results import (
    ALL_TABLE_PRIVILEGES,
    FAIL,
    LIST_AT_MOST,
    PASS,
    WARN,
    CheckResult,
    names,
)
from supatools.privileges import bits_sql, from_bits

if TYPE_CHECKING:
    from supatools.db import Conn

# --- database ---------------------------------------------------------------------------


CONNECTION = (
    "SELECT current_setting('server_version'), current_user, rolsuper, rolcreaterole, "
    "rolbypassrls, current_setting('server_version_num')::int "
    "FROM pg_roles WHERE rolname = current_user"
)


def check_connection(row: tuple[Any, ...]) -> CheckResult:
    """Server version and the connecting role's attributes (a row of CONNECTION)."""
    version, user, superuser, createrole, bypass, version_num = row
    attributes = [
        name
        for name, on in (
            ("superuser", superuser),
            ("createrole", createrole),
            ("bypassrls", bypass),
        )
        if on
    ]
    detail = f"PostgreSQL {version} as {user} ({', '.join(attributes) or 'no special attributes'})"
    if int(version_num) < 150000:
        return CheckResult(
            "db_connect",
            WARN,
            detail,
            "PostgreSQL below 15 has no security_invoker views; upgrade the project",
        )
    return CheckResult("db_connect", PASS, detail)


def create_query(schemas: tuple[str, ...]) -> tuple[str, Any]:
    return (
        "SELECT s, to_regnamespace(s) IS NOT NULL, "
        "  CASE WHEN to_regnamespace(s) IS NULL "
        "       THEN has_database_privilege(current_database(), 'CREATE') "
        "       ELSE has_schema_privilege(current_user, s, 'CREATE') END "
        "FROM unnest(%s::text[]) AS s",
        (list(schemas),),
    )


def check_create(rows: list[tuple[Any, ...]], schemas: tuple[str, ...]) -> CheckResult:
    """The connecting role may CREATE in every target schema (rows of create_query)."""
    missing = [str(s) for s, _exists, allowed in rows if not allowed]
    if missing:
        return CheckResult(
            "schema_create",
            FAIL,
            f"current user cannot CREATE in: {names(missing)}",
            "connect as the project's owner role (postgres), or GRANT CREATE ON SCHEMA ... TO it",
        )
    return CheckResult("schema_create", PASS, f"may CREATE in {names(list(schemas))}")


def api_objects_query(schemas: tuple[str, ...]) -> tuple[str, Any]:
    """Tables, views, sequences and functions in ``schemas`` (extension members left out)."""
    return (
        """
        SELECT 'relation', c.relkind::text, n.nspname, c.relname,
               format('%%I.%%I', n.nspname, c.relname),
               pg_has_role(current_user, c.relowner, 'USAGE'),
               CASE WHEN c.relkind <> 'S' THEN """
        + bits_sql("service_role")
        + """ END,
               CASE WHEN c.relkind = 'S'
                    THEN has_sequence_privilege('service_role', c.oid, 'USAGE') END
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY(%(schemas)s) AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND NOT c.relispartition
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype = 'e')
          -- identity sequences need no grant: INSERT on the table is enough
          AND NOT (c.relkind = 'S' AND EXISTS (
                SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                AND d.objid = c.oid AND d.deptype = 'i'))
        UNION ALL
        SELECT 'function', p.prokind::text, n.nspname, p.proname,
               format('%%I.%%I(%%s)', n.nspname, p.proname,
                      pg_get_function_identity_arguments(p.oid)),
               pg_has_role(current_user, p.proowner, 'USAGE'),
               NULL, has_function_privilege('service_role', p.oid, 'EXECUTE')
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = ANY(%(schemas)s) AND p.prokind IN ('f', 'p')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
        ORDER BY 3, 4
        """,
        {"schemas": list(schemas)},
    )


def check_ownership(objects: list[tuple[Any, ...]]) -> CheckResult:
    """The connecting role owns (or inherits the owner of) the tables migrations alter."""
    foreign = [str(o[4]) for o in objects if o[0] == "relation" and o[1] in ("r", "p") and not o[5]]
    if foreign:
        return CheckResult(
            "table_owner",
            FAIL,
            f"not owned by the connecting role (RLS and policies can only be changed by the "
            f"owner): {names(foreign)}",
            "ALTER TABLE ... OWNER TO <migration role>, or connect as their owner",
        )
    return CheckResult("table_owner", PASS, "the connecting role owns every exposed table")


NO_SERVICE_ROLE = "role service_role does not exist"


SERVICE_ROLE = "SELECT rolbypassrls FROM pg_roles WHERE rolname = 'service_role'"


def check_service_role(rows: list[tuple[Any, ...]]) -> CheckResult:
    """service_role exists with BYPASSRLS (rows of SERVICE_ROLE)."""
    row = rows[0] if rows else None
    if row is None:
        return CheckResult(
            "service_role",
            FAIL,
            NO_SERVICE_ROLE,
            "this does not look like a Supabase database; create the role with BYPASSRLS",
        )
    if not row[0]:
        return CheckResult(
            "service_role",
            FAIL,
            "service_role lacks BYPASSRLS",
            "ALTER ROLE service_role BYPASSRLS;",
        )
    return CheckResult("service_role", PASS, "service_role exists with BYPASSRLS")


def schema_usage_query(schemas: tuple[str, ...]) -> tuple[str, Any]:
    """Exposed schemas service_role may not use."""
    return (
        "SELECT s FROM unnest(%s::text[]) AS s WHERE to_regnamespace(s) IS NOT NULL "
        "AND NOT has_schema_privilege('service_role', s, 'USAGE')",
        (list(schemas),),
    )


def check_grants(
    conn: Conn, unusable_schemas: list[tuple[Any, ...]], objects: list[tuple[Any, ...]]
) -> CheckResult:
    """service_role may use every exposed schema, table, sequence and function."""
    from psycopg import sql

    fixes: list[str] = []
    missing: list[str] = []
    for (schema,) in unusable_schemas:
        missing.append(f"schema {schema} (USAGE)")
        fixes.append(
            sql.SQL("GRANT USAGE ON SCHEMA {} TO service_role;")
            .format(sql.Identifier(str(schema)))
            .as_string(conn)
        )
    for kind, relkind, schema, name, display, _own, bits, usage in objects:
        ident = sql.Identifier(str(schema), str(name))
        if kind == "function":
            if not usage:
                missing.append(f"{display} (EXECUTE)")
                fixes.append(f"GRANT EXECUTE ON FUNCTION {display} TO service_role;")
            continue
        if relkind == "S":
            if not usage:
                missing.append(f"{display} (USAGE)")
                fixes.append(
                    sql.SQL("GRANT USAGE ON SEQUENCE {} TO service_role;")
                    .format(ident)
                    .as_string(conn)
                )
            continue
        wanted = ("SELECT",) if relkind in ("v", "m") else ALL_TABLE_PRIVILEGES
        held = from_bits(int(bits))
        lacking = [p for p in wanted if p not in held]
        if lacking:
            missing.append(f"{display} ({', '.join(lacking)})")
            fixes.append(
                sql.SQL("GRANT {} ON {} TO service_role;")
                .format(sql.SQL(", ").join(sql.SQL(p) for p in lacking), ident)
                .as_string(conn)
            )
    if missing:
        return CheckResult(
            "service_role_grants",
            FAIL,
            f"service_role lacks: {names(missing)}",
            " ".join(fixes[:LIST_AT_MOST]) + (" ..." if len(fixes) > LIST_AT_MOST else ""),
        )
    return CheckResult(
        "service_role_grants",
        PASS,
        f"service_role may use all {len(objects)} exposed object(s)",
    )


DEFAULT_PRIVILEGES = """
SELECT d.defaclobjtype::text, coalesce(n.nspname, ''), a.privilege_type
FROM pg_default_acl d
LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
CROSS JOIN LATERAL aclexplode(d.defaclacl) AS a
WHERE d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)
  AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = 'service_role')
"""


def check_default_privileges(
    conn: Conn, rows: list[tuple[Any, ...]], user: str, schemas: tuple[str, ...]
) -> CheckResult:
    """Tables and sequences created later by ``user`` reach service_role (DEFAULT_PRIVILEGES)."""
    from psycopg import sql

    granted = {(str(t), str(s), str(p)) for t, s, p in rows}
    needs = (
        ("r", "TABLES", ("SELECT", "INSERT", "UPDATE", "DELETE")),
        ("S", "SEQUENCES", ("USAGE",)),
    )
    fixes: list[str] = []
    for schema in schemas:
        for objtype, label, privileges in needs:
            lacking = [
                p
                for p in privileges
                if (objtype, schema, p) not in granted and (objtype, "", p) not in granted
            ]
            if lacking:
                fixes.append(
                    sql.SQL(
                        "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT {} ON {} "
                        "TO service_role;"
                    )
                    .format(
                        sql.Identifier(str(user)),
                        sql.Identifier(schema),
                        sql.SQL(", ").join(sql.SQL(p) for p in lacking),
                        sql.SQL(label),
                    )
                    .as_string(conn)
                )
    if fixes:
        return CheckResult(
            "default_privileges",
            WARN,
            f"tables or sequences {user} creates later will not be granted to service_role "
            "(Supabase stopped granting them by default on 2026-10-30)",
            " ".join(fixes),
        )
    return CheckResult(
        "default_privileges", PASS, f"new tables and sequences of {user} reach service_role"
    )


def default_privileges_now(conn: Conn, schemas: tuple[str, ...]) -> CheckResult:
    """The default-privileges check again, after a migrate run's migrations: the first
    migration of a project often sets them (ALTER DEFAULT PRIVILEGES ... TO
    service_role), which the check before the run cannot see. One round trip."""
    from supatools import db

    user_rows, rows = db.batch(conn, ["SELECT current_user", DEFAULT_PRIVILEGES])
    return check_default_privileges(conn, rows, str(user_rows[0][0]), schemas)


HISTORY_ACCESS = f"""
WITH t AS (
  SELECT to_regnamespace('supabase_migrations') AS nsp,
         {relation_oid("supabase_migrations", "schema_migrations")}::regclass AS cli,
         {relation_oid("supabase_migrations", "supatools_history")}::regclass AS own
)
SELECT nsp IS NOT NULL,
       has_database_privilege(current_database(), 'CREATE'),
       nsp IS NOT NULL AND has_schema_privilege(nsp, 'CREATE'),
       nsp IS NOT NULL AND has_schema_privilege(nsp, 'USAGE'),
       cli IS NOT NULL,
       cli IS NOT NULL AND has_table_privilege(cli, 'SELECT')
                       AND has_table_privilege(cli, 'INSERT'),
       cli IS NOT NULL AND row_security_active(cli),
       cli IS NOT NULL AND (SELECT count(*) FROM pg_attribute WHERE attrelid = cli
                            AND attname IN ('statements', 'name') AND NOT attisdropped) = 2,
       cli IS NOT NULL AND pg_has_role((SELECT relowner FROM pg_class WHERE oid = cli), 'USAGE'),
       own IS NOT NULL,
       own IS NOT NULL AND has_table_privilege(own, 'SELECT') AND has_table_privilege(own, 'INSERT')
                       AND has_table_privilege(own, 'UPDATE'),
       own IS NOT NULL AND row_security_active(own),
       current_setting('transaction_read_only') = 'on'
FROM t
"""


def check_history(row: tuple[Any, ...]) -> CheckResult:
    """Exactly what ``migrate`` will do to its history: create what is missing, read every
    row (no RLS hiding any), insert and update (a row of HISTORY_ACCESS)."""
    (
        schema_exists,
        db_create,
        schema_create,
        schema_usage,
        cli_exists,
        cli_rw,
        cli_rls,
        cli_columns,
        cli_owner,
        own_exists,
        own_rw,
        own_rls,
        read_only,
    ) = (bool(v) for v in row)
    problems: list[str] = []
    fixes: list[str] = []
    if read_only:
        problems.append("the session is read-only (default_transaction_read_only or a standby)")
        fixes.append(
            "connect to the primary; ALTER ROLE <role> SET default_transaction_read_only = off"
        )
    if not schema_exists and not db_create:
        problems.append("schema supabase_migrations is missing and the role may not CREATE it")
        fixes.append("GRANT CREATE ON DATABASE <db> TO <role>, or connect as postgres")
    if schema_exists and not schema_usage:
        problems.append("no USAGE on schema supabase_migrations")
        fixes.append("GRANT USAGE ON SCHEMA supabase_migrations TO <role>")
    needs_create = (not cli_exists) or (not own_exists)
    if schema_exists and needs_create and not schema_create:
        problems.append(
            "history tables are missing and the role may not CREATE in supabase_migrations"
        )
        fixes.append("GRANT CREATE ON SCHEMA supabase_migrations TO <role>")
    if cli_exists and not cli_rw:
        problems.append("cannot SELECT and INSERT supabase_migrations.schema_migrations")
        fixes.append("GRANT SELECT, INSERT ON supabase_migrations.schema_migrations TO <role>")
    if cli_exists and not cli_columns and not cli_owner:
        problems.append(
            "supabase_migrations.schema_migrations lacks the name/statements columns of "
            "newer Supabase CLIs, and the role does not own it to add them"
        )
        fixes.append("connect as its owner once, or run a current 'supabase migration list'")
    if own_exists and not own_rw:
        problems.append("cannot SELECT, INSERT and UPDATE supabase_migrations.supatools_history")
        fixes.append(
            "GRANT SELECT, INSERT, UPDATE ON supabase_migrations.supatools_history TO <role>"
        )
    for exists, rls, table in (
        (cli_exists, cli_rls, "schema_migrations"),
        (own_exists, own_rls, "supatools_history"),
    ):
        if exists and rls:
            problems.append(
                f"row level security applies to this role on supabase_migrations.{table}: "
                "applied migrations could look pending and run again"
            )
            fixes.append(
                f"ALTER TABLE supabase_migrations.{table} DISABLE ROW LEVEL SECURITY; "
                "(or connect as its owner or a BYPASSRLS role)"
            )
    if problems:
        return CheckResult("history", FAIL, "; ".join(problems), "; ".join(fixes))
    if cli_exists and own_exists:
        return CheckResult("history", PASS, "migration history is readable and writable")
    return CheckResult("history", PASS, "history tables will be created on the first run")
