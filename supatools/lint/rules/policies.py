"""Security, policies and grants: what a policy trusts and whether its role may use it.

Imported before :mod:`conventions` so that, on one CREATE POLICY, these findings come
before its ``not_idempotent`` one (the order ``supatools migrate --dry-run`` lists)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from supatools.lint.model import FolderState, Hit, Visit
from supatools.lint.registry import learns, rule
from supatools.locks import names as _names
from supatools.locks import qualified as _qualified


@rule(
    "user_metadata_in_policy",
    "error",
    "user_metadata in the JWT is editable by every user",
    "base the policy on app_metadata or on a table the user cannot write",
    nodes=("CreatePolicyStmt",),
    splinter="0015_rls_references_user_metadata",
)
def user_metadata_in_policy(visit: Visit) -> Iterator[Hit]:
    from supatools.rls.expressions import tree_reads_user_metadata

    fields = visit.fields
    if any(tree_reads_user_metadata(fields.get(k)) for k in ("qual", "with_check")):
        yield Hit(f'policy "{fields.get("policy_name")}" trusts user_metadata from the JWT')


@learns("GrantStmt")
def _grants(state: FolderState, fields: dict[str, Any], version: str) -> None:
    _record_grant(state, fields, default=False)


@learns("AlterDefaultPrivilegesStmt")
def _default_grants(state: FolderState, fields: dict[str, Any], version: str) -> None:
    # libpg_query gives the action's GrantStmt fields bare (no "GrantStmt" wrapper)
    action = fields.get("action", {})
    schemas: list[str] = []
    for option in fields.get("options", []):
        element = option.get("DefElem", {})
        if element.get("defname") == "schemas":
            schemas += _names(element.get("arg", {}).get("List", {}).get("items"))
    _record_grant(state, action.get("GrantStmt", action), default=True, schemas=schemas)


def _record_grant(
    state: FolderState, grant: dict[str, Any], *, default: bool, schemas: list[str] | None = None
) -> None:
    """(table or "schema.*", role) for every table GRANT of the folder; ALTER DEFAULT
    PRIVILEGES grants on every later table of its schemas (all: "*.*")."""
    if not (grant.get("is_grant") and grant.get("objtype") == "OBJECT_TABLE"):
        return
    roles = [
        g.get("RoleSpec", {}).get("rolename")
        for g in grant.get("grantees", [])
        if g.get("RoleSpec", {}).get("rolename")
    ]
    if default or grant.get("targtype") == "ACL_TARGET_ALL_IN_SCHEMA":
        if not default:
            schemas = _names(grant.get("objects"))
        targets = [f"{schema}.*" for schema in schemas or ["*"]]
    else:
        targets = [_qualified(o["RangeVar"]) for o in grant.get("objects", []) if "RangeVar" in o]
    state.grants.update((t, str(r)) for t in targets for r in roles)


#: tables the Supabase platform itself grants to anon and authenticated (its storage
#: schema's migrations: ``grant all on storage.objects/buckets to anon, authenticated``)
PLATFORM_GRANTED = frozenset({"storage.objects", "storage.buckets"})


@rule(
    "policy_without_grant",
    "warn",
    "a policy for anon or authenticated on a table the role is never granted: "
    "every request is denied (new projects grant nothing by default)",
    "GRANT the commands the policy allows to the role",
    nodes=("CreatePolicyStmt",),
)
def policy_without_grant(visit: Visit) -> Iterator[Hit]:
    fields = visit.fields
    table = _qualified(fields["table"])
    schema = table.split(".", 1)[0]
    grants = visit.folder.grants
    if table in PLATFORM_GRANTED:
        return
    for spec in fields.get("roles", []):
        role = spec.get("RoleSpec", {}).get("rolename")
        if role in ("anon", "authenticated") and not (
            (table, role) in grants or (f"{schema}.*", role) in grants or ("*.*", role) in grants
        ):
            yield Hit(
                f'policy "{fields.get("policy_name")}" is for {role}, which no file '
                f"grants anything on {table}"
            )
