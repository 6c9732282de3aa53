"""Security: RLS on exposed tables, SECURITY DEFINER functions, dynamic SQL, guessable keys.

(Policies and grants are in :mod:`policies`; this module is imported after
:mod:`conventions` and :mod:`secrets`, the order findings on one node come in.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from supatools.lint.model import FolderState, Hit, Visit
from supatools.lint.registry import learns, rule
from supatools.lint.rules.plpgsql import _executes_concatenation
from supatools.locks import names as _names
from supatools.locks import qualified as _qualified


@learns("AlterTableStmt")
def _enables_rls(state: FolderState, fields: dict[str, Any], version: str) -> None:
    for cmd in fields.get("cmds", []):
        if cmd.get("AlterTableCmd", {}).get("subtype") == "AT_EnableRowSecurity":
            state.rls.add(_qualified(fields["relation"]))


@rule(
    "table_without_rls",
    "error",
    "a table in an exposed schema without RLS is readable by anyone granted it",
    "ALTER TABLE ... ENABLE ROW LEVEL SECURITY in this file, with its policies",
    nodes=("CreateStmt",),
    splinter="0013_rls_disabled_in_public",
)
def table_without_rls(visit: Visit) -> Iterator[Hit]:
    """Cross-file: RLS enabled by any file of the folder (the folder pass) counts; a
    table a later statement drops, and a CREATE TABLE IF NOT EXISTS of a table that
    already exists (a no-op, its first CREATE is the finding), are not findings."""
    table = _qualified(visit.fields["relation"])
    schema = table.split(".", 1)[0]
    if schema not in visit.file.exposed or table in visit.folder.rls:
        return
    here = (visit.file.migration.version, visit.line)
    events = visit.folder.table_events.get(table, [])
    earlier = [created for at, created in events if at < here]
    if visit.fields.get("if_not_exists") and earlier and earlier[-1]:
        return
    if any(not created for at, created in events if at > here):
        return
    yield Hit(f"{table} is created in {schema} and RLS is never enabled on it")


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
