"""Security, policies and grants: what a policy trusts and whether its role may use it.

Imported before :mod:`conventions` so that, on one CREATE POLICY, these findings come
before its ``not_idempotent`` one (the order ``supatools migrate --dry-run`` lists)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from supatools.lint.model import FolderState, Hit, Undone, Visit
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
    if table in PLATFORM_GRANTED:
        return
    for spec in fields.get("roles", []):
        role = spec.get("RoleSpec", {}).get("rolename")
        if role in ("anon", "authenticated"):
            yield Hit(
                f'policy "{fields.get("policy_name")}" is for {role}, which no file '
                f"grants anything on {table}",
                undone=_granted(table, schema, str(role)),
            )


def _granted(table: str, schema: str, role: str) -> Undone:
    """The condition: a file grants ``role`` something on ``table`` (or all of its
    schema's tables, or every table by default)."""
    targets = ((table, role), (f"{schema}.*", role), ("*.*", role))
    return lambda folder: any(target in folder.grants for target in targets)


def _always_true(node: Any) -> bool:
    """``true``, ``'true'::boolean`` or ``1 = 1``: an expression no row can fail."""
    if not isinstance(node, dict) or len(node) != 1:
        return False
    ((kind, fields),) = node.items()
    if kind == "A_Const":
        return bool(fields.get("boolval", {}).get("boolval"))
    if kind == "TypeCast":
        value = fields.get("arg", {}).get("A_Const", {}).get("sval", {}).get("sval", "")
        target = _names(fields.get("typeName", {}).get("names"))[-1:]
        return target in (["bool"], ["boolean"]) and str(value).lower() in ("t", "true", "on")
    if kind == "A_Expr" and _names(fields.get("name")) == ["="]:
        left, right = fields.get("lexpr", {}), fields.get("rexpr", {})
        if "A_Const" in left and "A_Const" in right:
            strip = {k: v for k, v in left["A_Const"].items() if k != "location"}
            return strip == {k: v for k, v in right["A_Const"].items() if k != "location"}
    return False


@rule(
    "write_policy_always_true",
    "error",
    "an UPDATE or DELETE policy whose USING is always true lets its roles change or delete "
    "every row",
    "USING ((select auth.uid()) = user_id), or whatever limits the rows the role may write",
    nodes=("CreatePolicyStmt",),
    splinter="0024_rls_policy_always_true",
)
def write_policy_always_true(visit: Visit) -> Iterator[Hit]:
    fields = visit.fields
    command = str(fields.get("cmd_name", "all"))
    if command not in ("update", "delete", "all") or not fields.get("permissive"):
        return
    roles = [
        "public"
        if s["RoleSpec"].get("roletype") == "ROLESPEC_PUBLIC"
        else s["RoleSpec"].get("rolename")
        for s in fields.get("roles", [])
        if "RoleSpec" in s
    ] or ["public"]
    api = [r for r in roles if r in ("anon", "authenticated", "public")]
    if api and _always_true(fields.get("qual")):
        yield Hit(
            f'policy "{fields.get("policy_name")}" ({command}) for {", ".join(api)} is '
            "USING (true): every row"
        )
