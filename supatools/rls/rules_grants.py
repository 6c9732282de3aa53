"""Rules about grants: what the API roles and service_role must hold for the policies
and the API to work."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from supatools.era import LEGACY, from_default_grantees
from supatools.rls.findings import Finding, finding, ident, policies_by_table
from supatools.rls.model import API_ROLES
from supatools.rls.register import rule

if TYPE_CHECKING:
    from supatools.rls.catalog import Snapshot
    from supatools.rls.expectations import Expectations


def _why_missing(snap: Snapshot) -> str:
    """Why a table lacks a grant, by the database's grants era (supatools.era): on a
    legacy-era database its default privileges granted new tables, so the grant was
    revoked; on an explicit-era one, the migration creating the table must grant it."""
    if from_default_grantees(snap.default_grantees)[0] == LEGACY:
        return (
            "revoked: this database's default privileges grant new tables in public to "
            "the API roles (a project created before 2026-10-30)"
        )
    return "new tables are no longer granted by default since 2026-10-30"


@rule(
    "service_role_missing_grant",
    "error",
    "service_role lacks SELECT/INSERT/UPDATE/DELETE on a table of the API.",
)
def service_role_missing_grant(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    why = _why_missing(snap)
    for rel in snap.relations:
        if rel.is_table and not rel.is_partition and rel.service_role_missing:
            missing = ", ".join(rel.service_role_missing)
            yield finding(
                "service_role_missing_grant",
                "error",
                rel,
                f"service_role lacks {missing}: the API answers 'permission denied' ({why})",
                f"GRANT {missing} ON {ident(rel.schema, rel.name)} TO service_role;",
            )


_PRIVILEGE = {"select": "SELECT", "insert": "INSERT", "update": "UPDATE", "delete": "DELETE"}


@rule(
    "api_role_missing_grant",
    "error",
    "A policy names anon or authenticated, but the role holds no grant for its command.",
)
def api_role_missing_grant(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    """A policy for anon or authenticated on a table that role holds no privilege for:
    every request answers "permission denied" (tables are no longer granted to the API
    roles by default since 2026-10-30). Only roles a policy names: a policy ``TO public``
    says nothing about which role should hold the grant."""
    relations = {r.qualified: r for r in snap.relations}
    # on an explicit-era database the grant was never given; on a legacy one, taken away
    revoked = from_default_grantees(snap.default_grantees)[0] == LEGACY
    for table, policies in sorted(policies_by_table(snap).items()):
        rel = relations.get(table)
        if rel is None or not rel.is_table or not rel.rls:
            continue
        for role in API_ROLES:
            named = [p for p in policies if p.permissive and role in p.roles]
            if not named:
                continue
            # a grant on some columns counts: revoking table-level UPDATE and granting it
            # on a few columns is a deliberate hardening, not a missing grant
            held = {*rel.privileges_of(role), *rel.column_privileges_of(role)}
            wanted: dict[str, list[str]] = {}
            for policy in named:
                if policy.command == "all":
                    if not held:  # FOR ALL with some grant: the grants choose the commands
                        wanted.setdefault("SELECT", []).append(policy.name)
                elif _PRIVILEGE[policy.command] not in held:
                    wanted.setdefault(_PRIVILEGE[policy.command], []).append(policy.name)
            if wanted:
                privileges = [p for p in ("SELECT", "INSERT", "UPDATE", "DELETE") if p in wanted]
                names = sorted({n for ns in wanted.values() for n in ns})
                yield finding(
                    "api_role_missing_grant",
                    "error",
                    rel,
                    f"policies for {role} ({', '.join(names)}) but {role} holds no "
                    f"{', '.join(privileges)} on the table: every such request is denied"
                    + (f" ({_why_missing(snap)})" if revoked else ""),
                    f"GRANT {', '.join(privileges)} ON {ident(rel.schema, rel.name)} TO {role};",
                )
            if any(p.command in ("insert", "all") for p in named):
                for sequence, anon, authenticated in rel.sequences:
                    if not (anon if role == "anon" else authenticated):
                        yield finding(
                            "api_role_missing_grant",
                            "error",
                            rel,
                            f"{role} may insert through a policy, but not use the serial "
                            f"sequence {sequence} of the table: inserts fail",
                            f"GRANT USAGE ON SEQUENCE {sequence} TO {role};",
                        )


@rule(
    "policy_function_not_executable",
    "error",
    "A policy calls a function its roles cannot execute.",
)
def policy_function_not_executable(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for policy in snap.policies:
        for function in policy.functions:
            denied = [
                role
                for role in API_ROLES
                if policy.applies_to(role) and not function.executable_by(role)
            ]
            if denied:
                yield finding(
                    "policy_function_not_executable",
                    "error",
                    policy,
                    f"policy {policy.name!r} calls {function.signature}, which "
                    f"{', '.join(denied)} cannot EXECUTE: requests fail with permission denied",
                    f"GRANT EXECUTE ON FUNCTION {function.signature} TO {', '.join(denied)};",
                )
