"""Security: RLS on exposed tables, SECURITY DEFINER functions, dynamic SQL, guessable keys.

(Policies and grants are in :mod:`policies`; this module is imported after
:mod:`conventions` and :mod:`secrets`, the order findings on one node come in.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from supatools.lint.model import FolderState, Hit, Undone, Visit
from supatools.lint.registry import learns, rule
from supatools.lint.rules.plpgsql import _executes_concatenation
from supatools.locks import names as _names
from supatools.locks import qualified as _qualified


@learns("AlterTableStmt")
def _enables_rls(state: FolderState, fields: dict[str, Any], version: str) -> None:
    table = _qualified(fields["relation"])
    for cmd in fields.get("cmds", []):
        subtype = cmd.get("AlterTableCmd", {}).get("subtype")
        if subtype == "AT_EnableRowSecurity":
            state.rls.add(table)
        if subtype in ("AT_EnableRowSecurity", "AT_DisableRowSecurity"):
            enabled = subtype == "AT_EnableRowSecurity"
            state.rls_events.setdefault(table, []).append((state.at, enabled))


@rule(
    "table_without_rls",
    "error",
    "a table in an exposed schema without RLS is readable by anyone granted it",
    "ALTER TABLE ... ENABLE ROW LEVEL SECURITY in this file, with its policies",
    nodes=("CreateStmt",),
    splinter="0013_rls_disabled_in_public",
)
def table_without_rls(visit: Visit) -> Iterator[Hit]:
    """Cross-file: RLS enabled by any file of the folder counts (decided at the end); a
    table a later statement drops, and a CREATE TABLE IF NOT EXISTS of a table that
    already exists (a no-op, its first CREATE is the finding), are not findings."""
    table = _qualified(visit.fields["relation"])
    schema = table.split(".", 1)[0]
    if schema not in visit.file.exposed:
        return
    here = (visit.file.migration.version, visit.line)
    earlier = [made for at, made in visit.folder.table_events.get(table, []) if at < here]
    if visit.fields.get("if_not_exists") and earlier and earlier[-1]:
        return

    def undone(folder: FolderState) -> bool:  # RLS enabled, or the table dropped, later
        events = folder.table_events.get(table, [])
        return table in folder.rls or any(not made for at, made in events if at > here)

    yield Hit(f"{table} is created in {schema} and RLS is never enabled on it", undone=undone)


@learns("CreateStmt")
def _created(state: FolderState, fields: dict[str, Any], version: str) -> None:
    state.table_events.setdefault(_qualified(fields["relation"]), []).append((state.at, True))


@learns("DropStmt")
def _dropped(state: FolderState, fields: dict[str, Any], version: str) -> None:
    if fields.get("removeType") != "OBJECT_TABLE":
        return
    for item in fields.get("objects", []):
        parts = _names(item.get("List", {}).get("items"))
        if parts:
            table = ".".join(parts[-2:]) if len(parts) > 1 else f"public.{parts[0]}"
            state.table_events.setdefault(table, []).append((state.at, False))


def _options(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        o["DefElem"]["defname"]: o["DefElem"].get("arg")
        for o in fields.get("options", [])
        if "DefElem" in o
    }


@rule(
    "security_definer_without_search_path",
    "error",
    "a SECURITY DEFINER function follows the caller's search_path",
    "add SET search_path = '' (and qualify names) to the function",
    nodes=("CreateFunctionStmt",),
    splinter="0011_function_search_path_mutable",
)
def security_definer_without_search_path(visit: Visit) -> Iterator[Hit]:
    fields = visit.fields
    security = _options(fields).get("security")
    definer = (
        security.get("Boolean", {}).get("boolval", False) if isinstance(security, dict) else False
    )
    sets_path = any(
        o.get("DefElem", {}).get("defname") == "set"
        and o["DefElem"].get("arg", {}).get("VariableSetStmt", {}).get("name") == "search_path"
        for o in fields.get("options", [])
    )
    if definer and not sets_path:
        name = ".".join(_names(fields.get("funcname")))
        yield Hit(f"SECURITY DEFINER function {name} without SET search_path")


@rule(
    "dynamic_sql_injection",
    "error",
    "EXECUTE of a string built by concatenation runs whatever the value holds",
    "EXECUTE format('... %I ... %L', ...) or EXECUTE ... USING",
    nodes=("CreateFunctionStmt",),
)
def dynamic_sql_injection(visit: Visit) -> Iterator[Hit]:
    options = _options(visit.fields)
    body = (
        " ".join(
            str(item.get("String", {}).get("sval", ""))
            for item in (options.get("as", {}) or {}).get("List", {}).get("items", [])
        )
        if isinstance(options.get("as"), dict)
        else ""
    )
    language = options.get("language", {}).get("String", {}).get("sval")
    if language == "plpgsql" and _executes_concatenation(body):
        name = ".".join(_names(visit.fields.get("funcname")))
        yield Hit(f"{name} EXECUTEs a string built with ||")


_INTEGER_KEYS = ("serial", "bigserial", "int4", "int8", "integer", "bigint", "smallserial")


@rule(
    "prefer_uuid_pk",
    "info",
    "sequential integer keys leak row counts and collide across environments",
    "id uuid primary key default gen_random_uuid()",
    nodes=("ColumnDef",),
)
def prefer_uuid_pk(visit: Visit) -> Iterator[Hit]:
    column = visit.fields
    names = _names(column.get("typeName", {}).get("names"))
    kind = names[-1] if names else ""
    primary = any(
        c.get("Constraint", {}).get("contype") == "CONSTR_PRIMARY"
        for c in column.get("constraints", [])
    )
    if primary and kind in _INTEGER_KEYS:
        yield Hit(f"{visit.table}.{column.get('colname', '')} is a {kind} primary key")


@rule(
    "rls_disabled",
    "error",
    "DISABLE ROW LEVEL SECURITY on a table in an exposed schema opens every row to the "
    "roles granted it",
    "keep RLS enabled and change the policies; re-enable it in the same file if the "
    "disable was for a data fix",
    nodes=("AlterTableCmd",),
    splinter="0013_rls_disabled_in_public",
)
def rls_disabled(visit: Visit) -> Iterator[Hit]:
    if visit.fields.get("subtype") != "AT_DisableRowSecurity":
        return
    table = visit.table
    here = (visit.file.migration.version, visit.line)

    def undone(folder: FolderState) -> bool:  # enabled again by a later statement
        return any(on for at, on in folder.rls_events.get(table, []) if at > here)

    if table.split(".", 1)[0] in visit.file.exposed:
        yield Hit(
            f"RLS disabled on {table}, and no later statement enables it again", undone=undone
        )


#: privileges that write (GRANT ALL is all of them)
_WRITES = frozenset({"insert", "update", "delete", "truncate"})
_API_ROLES = ("anon", "authenticated")


def _granted_tables(grant: dict[str, Any], folder: FolderState) -> list[str]:
    """The tables a table GRANT names; ON ALL TABLES IN SCHEMA: the folder's tables there."""
    if grant.get("targtype") == "ACL_TARGET_ALL_IN_SCHEMA":
        schemas = set(_names(grant.get("objects")))
        return sorted(t for t in folder.table_events if t.split(".", 1)[0] in schemas)
    return [_qualified(o["RangeVar"]) for o in grant.get("objects", []) if "RangeVar" in o]


@rule(
    "api_write_grant_without_rls",
    "error",
    "a write privilege for anon or authenticated on a table whose RLS no file enables: "
    "anyone with the project's public key can change every row",
    "ALTER TABLE ... ENABLE ROW LEVEL SECURITY with policies, or grant only what is read",
    nodes=("GrantStmt",),
)
def api_write_grant_without_rls(visit: Visit) -> Iterator[Hit]:
    grant = visit.fields
    if not grant.get("is_grant") or grant.get("objtype") != "OBJECT_TABLE":
        return
    privileges = {
        str(p.get("AccessPriv", {}).get("priv_name", "")).lower()
        for p in grant.get("privileges", [])
    }
    written = sorted(privileges & _WRITES) if privileges else ["all"]
    roles = [
        "public"
        if g["RoleSpec"].get("roletype") == "ROLESPEC_PUBLIC"
        else g["RoleSpec"].get("rolename")
        for g in grant.get("grantees", [])
        if "RoleSpec" in g
    ]
    api = [r for r in roles if r in (*_API_ROLES, "public")]
    if not written or not api:
        return
    for table in _granted_tables(grant, visit.folder):
        created = any(made for _, made in visit.folder.table_events.get(table, []))
        if created and table.split(".", 1)[0] in visit.file.exposed:
            yield Hit(
                f"GRANT {', '.join(written).upper()} on {table} to {', '.join(api)}, "
                "a table whose RLS no file enables",
                undone=_rls_enabled(table),
            )


def _rls_enabled(table: str) -> Undone:
    """The condition: some file of the folder enables RLS on ``table``."""
    return lambda folder: table in folder.rls
