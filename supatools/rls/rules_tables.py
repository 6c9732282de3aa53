"""Rules about tables, views and other relations in the exposed schemas."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from supatools.levels import Level
from supatools.rls.findings import Finding, finding, ident, made, policies_by_table
from supatools.rls.register import rule

if TYPE_CHECKING:
    from supatools.rls.catalog import Snapshot
    from supatools.rls.expectations import Expectations


@rule(
    "rls_disabled_in_public",
    ("error", "warn"),
    "A table the API can reach has Row Level Security off.",
    splinter="0013_rls_disabled_in_public",
)
def rls_disabled_in_public(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if rel.is_table and not rel.is_partition and not rel.rls:
            if rel.api_roles:
                level: Level = "error"
                detail = (
                    "table in an exposed schema without row level security, readable or "
                    f"writable by {', '.join(rel.api_roles)} through the API"
                )
            else:  # as splinter's grant condition implies: not reachable yet
                level = "warn"
                detail = (
                    "table in an exposed schema without row level security; anon and "
                    "authenticated hold no privilege on it yet, so it is one GRANT away "
                    "from exposed"
                )
            has_policies = bool(policies_by_table(snap).get(rel.qualified))
            yield finding(
                "rls_disabled_in_public",
                level,
                rel,
                detail,
                f"ALTER TABLE {ident(rel.schema, rel.name)} ENABLE ROW LEVEL SECURITY;",
                ""
                if has_policies
                else "with RLS on and no policy every API request is denied "
                "(rls_enabled_no_policy): add policies in the same migration, or list the "
                "table as deny_all = true in policies/ if that is the intent",
            )


@rule(
    "partition_rls_disabled",
    "error",
    "A partition has RLS off: its parent's policies do not apply when it is queried.",
)
def partition_rls_disabled(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if rel.is_partition and rel.is_table and not rel.rls:
            yield finding(
                "partition_rls_disabled",
                "error",
                rel,
                f"partition of {rel.parent} without RLS: its parent's policies do not apply "
                "when the partition is queried directly",
                f"ALTER TABLE {ident(rel.schema, rel.name)} ENABLE ROW LEVEL SECURITY; "
                f"REVOKE ALL ON {ident(rel.schema, rel.name)} FROM anon, authenticated;",
            )


@rule(
    "rls_enabled_no_policy",
    "warn",
    "RLS is on but no policy exists: every API request is denied.",
    splinter="0008_rls_enabled_no_policy",
    fix="advice",
)
def rls_enabled_no_policy(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    by_table = policies_by_table(snap)
    # a warning, not an error: it denies, it does not leak (splinter rates it info); on real
    # apps it is nearly always a deliberate deny-all table
    for rel in snap.relations:
        expectation = exp.tables.get(rel.qualified)
        # a partition with RLS and no policy of its own is deny-all when queried directly,
        # and its parent's policies apply through the parent: that is the safe state
        if rel.is_table and rel.rls and not rel.is_partition and not by_table.get(rel.qualified):
            if expectation and expectation.deny_all:
                continue
            yield finding(
                "rls_enabled_no_policy",
                "warn",
                rel,
                "RLS is enabled but no policy exists: every API request is denied",
                "",
                f"add the policies the API needs (CREATE POLICY ... ON "
                f"{ident(rel.schema, rel.name)} ...), or, if nobody but service_role should "
                "reach it, list it as deny_all = true in policies/",
            )


@rule(
    "policy_exists_rls_disabled",
    "error",
    "Policies exist but RLS is off, so they do not apply.",
    splinter="0007_policy_exists_rls_disabled",
)
def policy_exists_rls_disabled(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    by_table = policies_by_table(snap)
    for rel in snap.relations:
        if rel.is_table and not rel.rls and by_table.get(rel.qualified):
            names = ", ".join(p.name for p in by_table[rel.qualified])
            yield finding(
                "policy_exists_rls_disabled",
                "error",
                rel,
                f"policies exist ({names}) but RLS is disabled, so none of them applies",
                f"ALTER TABLE {ident(rel.schema, rel.name)} ENABLE ROW LEVEL SECURITY;",
            )


@rule(
    "security_definer_view",
    "error",
    "A view the API can read runs with its owner's rights.",
    splinter="0010_security_definer_view",
)
def security_definer_view(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if rel.kind == "v" and not rel.security_invoker and rel.api_readable:
            yield finding(
                "security_definer_view",
                "error",
                rel,
                "view runs with its owner's rights, bypassing the RLS of the tables it reads",
                f"ALTER VIEW {ident(rel.schema, rel.name)} SET (security_invoker = true);",
            )


@rule(
    "auth_users_exposed",
    "error",
    "auth.users is readable through a view the API can reach.",
    splinter="0002_auth_users_exposed",
)
def auth_users_exposed(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if (
            rel.references_auth_users
            and rel.api_readable
            and not (rel.kind == "v" and rel.security_invoker)
        ):
            yield finding(
                "auth_users_exposed",
                "error",
                rel,
                "exposes auth.users to the API (emails, metadata) without RLS protection",
                f"REVOKE ALL ON {ident(rel.schema, rel.name)} FROM anon, authenticated;",
                "to keep serving it, read a public profiles table with its own RLS instead "
                "of auth.users",
            )


def _readable_without_rls(
    snap: Snapshot, kind: str, rule: str, what: str, revoke: str
) -> Iterator[Finding]:
    """Relations of ``kind`` that have no RLS at all, readable by an API role."""
    for rel in snap.relations:
        if rel.kind == kind and rel.api_readable:
            yield finding(
                rule,
                "warn",
                rel,
                f"{what}; the API roles can read all of it",
                f"REVOKE {revoke} ON {ident(rel.schema, rel.name)} FROM anon, authenticated;",
            )


@rule(
    "materialized_view_in_api",
    "warn",
    "A materialized view (no RLS) is readable through the API.",
    splinter="0016_materialized_view_in_api",
)
def materialized_view_in_api(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    return _readable_without_rls(
        snap, "m", "materialized_view_in_api", "materialized views have no RLS", "SELECT"
    )


@rule(
    "foreign_table_in_api",
    "warn",
    "A foreign table (no RLS) is readable through the API.",
    splinter="0017_foreign_table_in_api",
)
def foreign_table_in_api(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    return _readable_without_rls(
        snap, "f", "foreign_table_in_api", "foreign tables bypass RLS", "ALL"
    )


@rule(
    "sensitive_columns_exposed",
    "error",
    "A relation readable without RLS has a sensitive column.",
    splinter="0023_sensitive_columns_exposed",
)
def sensitive_columns_exposed(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if rel.sensitive_columns and rel.api_readable and rel.kind in ("r", "p", "v", "m", "f"):
            protected = rel.is_table and rel.rls or (rel.kind == "v" and rel.security_invoker)
            if protected:
                continue
            name = ident(rel.schema, rel.name)
            if rel.is_table:
                fix = f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;"
                hint = (
                    "then add policies for who may read which rows: with RLS on and no "
                    "policy every API request is denied (rls_enabled_no_policy)"
                )
            elif rel.kind == "v":
                fix = f"ALTER VIEW {name} SET (security_invoker = true);"
                hint = "the view then reads its tables with the caller's rights and RLS"
            else:  # materialized views and foreign tables have no RLS
                fix = f"REVOKE SELECT ON {name} FROM anon, authenticated;"
                hint = "it cannot carry RLS: serve those columns through a table that can"
            yield finding(
                "sensitive_columns_exposed",
                "error",
                rel,
                f"readable by the API without RLS, with sensitive column(s): "
                f"{', '.join(rel.sensitive_columns)}",
                fix,
                hint,
            )


@rule(
    "extension_in_public",
    "warn",
    "An extension is installed in an exposed schema.",
    splinter="0014_extension_in_public",
)
def extension_in_public(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    """An extension installed in a schema the API exposes: its functions, tables and views
    become API endpoints nobody reviewed (splinter 0014 checks public only)."""
    for schema, name, relocatable in snap.extensions:
        if relocatable:
            remediation = f"ALTER EXTENSION {ident(name)} SET SCHEMA extensions;"
            how = ""
        else:  # without CASCADE the DROP refuses while anything depends on the extension
            remediation = (
                f"DROP EXTENSION {ident(name)}; "
                f"CREATE EXTENSION {ident(name)} WITH SCHEMA extensions;"
            )
            how = "; it cannot be moved in place, only re-created"
        yield Finding(
            "extension_in_public",
            "warn",
            schema,
            name,
            f"extension {name} is installed in {schema}, a schema the API exposes{how}",
            remediation,
        )


@rule(
    "unsupported_reg_types",
    "warn",
    "A column of a reg* type that pg_upgrade cannot carry.",
    splinter="0018_unsupported_reg_types",
)
@rule(
    "fkey_to_auth_unique",
    "error",
    "A foreign key to an auth table goes through a unique constraint that may be dropped.",
    splinter="0021_fkey_to_auth_unique",
)
@rule(
    "insecure_queue_exposed_in_api",
    "error",
    "A pgmq queue table is readable through the API without RLS.",
    splinter="0019_insecure_queue_exposed_in_api",
)
@rule(
    "extension_versions_outdated",
    "warn",
    "An installed extension is older than the version the server ships.",
    splinter="0022_extension_versions_outdated",
)
@rule(
    "pg_graphql_anon_table_exposed",
    "warn",
    "With pg_graphql installed, anon can see the relation in GraphQL introspection.",
    splinter="0026_pg_graphql_anon_table_exposed",
)
@rule(
    "pg_graphql_authenticated_table_exposed",
    "info",
    "With pg_graphql installed, signed-in users can see the relation in introspection.",
    splinter="0027_pg_graphql_authenticated_table_exposed",
)
def catalog_lints(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    """splinter's lints decided by the catalog query alone: unsupported_reg_types,
    fkey_to_auth_unique, insecure_queue_exposed_in_api, extension_versions_outdated,
    pg_graphql_anon_table_exposed and pg_graphql_authenticated_table_exposed."""
    for name, level, schema, relation, detail, remediation in snap.lints:
        if name not in _CATALOG_LINTS:
            continue  # the catalog lints of other rules (catalog_sql_lints)
        yield made(name, cast(Level, level), schema, relation, detail, remediation)


_CATALOG_LINTS = frozenset(
    {
        "unsupported_reg_types",
        "fkey_to_auth_unique",
        "insecure_queue_exposed_in_api",
        "extension_versions_outdated",
        "pg_graphql_anon_table_exposed",
        "pg_graphql_authenticated_table_exposed",
    }
)
