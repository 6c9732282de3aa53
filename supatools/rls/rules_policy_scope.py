"""Rules about whom a policy lets through (issue 20 items 11, 12, 14): every signed-in
user on a per-user table, everyone on a sensitive table, nobody when the policy reads a
schema the role cannot use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from supatools.rls.catalog_sql import SENSITIVE_COLUMN_NAMES
from supatools.rls.findings import Finding, finding, is_true
from supatools.rls.register import rule

if TYPE_CHECKING:
    from supatools.rls.catalog import Policy, Snapshot
    from supatools.rls.expectations import Expectations

_VERB = {
    "select": "read",
    "insert": "insert",
    "update": "update",
    "delete": "delete",
    "all": "read and change",
}


def _clauses(policy: Policy) -> list[str]:
    """The clauses that decide the policy: USING, and WITH CHECK where it has one."""
    return [c for c in (policy.using, policy.with_check) if c is not None]


@rule(
    "policy_any_signed_in_user",
    "warn",
    "A policy on a per-user table checks only that the caller is signed in.",
    fix="advice",
)
def policy_any_signed_in_user(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    from supatools.rls.expressions import only_signed_in

    if not snap.owners:
        return  # no table references auth.users
    for policy in snap.policies:
        owners = snap.owners.get(policy.qualified_table)
        clauses = _clauses(policy)
        if not owners or not policy.permissive or not clauses:
            continue
        if all(only_signed_in(c) for c in clauses):
            column = owners[0]
            yield finding(
                "policy_any_signed_in_user",
                "warn",
                policy,
                f"policy {policy.name!r} ({policy.command}) checks only that the caller is "
                f"signed in: every user may {_VERB[policy.command]} every row, though each "
                f"row belongs to a user ({column} references auth.users)",
                "",
                f"compare the owner: ((select auth.uid()) = {column}); if every user may "
                "really see every row, say so in policies/ with an ignore",
            )


@rule(
    "policy_schema_not_usable",
    "warn",
    "A policy reads a table in a schema the role has no USAGE on: every request fails.",
)
def policy_schema_not_usable(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for _, _, schema, table, detail, remediation in snap.lints_of("policy_schema_not_usable"):
        yield Finding(
            "policy_schema_not_usable",
            "warn",
            schema,
            table,
            detail,
            remediation,
            "or read that table through a SECURITY DEFINER function of a schema the role may use",
        )


#: a table named for what it keeps: api_keys, secrets, user_passwords, credit_cards
_SENSITIVE_TABLE = re.compile(
    "(^|_)(" + "|".join(re.escape(n) for n in SENSITIVE_COLUMN_NAMES) + ")s?$"
)


def _snake(name: str) -> str:
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).replace("-", "_").lower()


@rule(
    "sensitive_table_readable_by_anyone",
    "warn",
    "A SELECT policy that is true for anon or public, on a table with sensitive data.",
    splinter="0023_sensitive_columns_exposed",
    fix="advice",
)
def sensitive_table_readable_by_anyone(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if not (rel.is_table and rel.rls):
            continue
        sensitive = None  # the table's name is read only once a policy could matter
        for policy in snap.by_table.get(rel.qualified, ()):
            if not policy.permissive or policy.command not in ("select", "all"):
                continue
            audience = sorted({"public", "anon"} & set(policy.roles))
            if not audience or policy.using is None or not is_true(snap, policy.using):
                continue
            if sensitive is None:
                named = bool(_SENSITIVE_TABLE.search(_snake(rel.name)))
                sensitive = named or bool(rel.sensitive_columns)
            if not sensitive:
                break
            if not rel.api_readable:
                continue  # no API role may select from it: the policy lets nobody in yet
            what = (
                f"sensitive column(s) {', '.join(rel.sensitive_columns)}"
                if rel.sensitive_columns
                else "a name that says it keeps secrets"
            )
            yield finding(
                "sensitive_table_readable_by_anyone",
                "warn",
                rel,
                f"policy {policy.name!r} lets {', '.join(audience)} read every row of a "
                f"table with {what}",
                "",
                "restrict the policy to the rows' owners, or move those columns to a table "
                "only they (or the service role) can read",
            )
