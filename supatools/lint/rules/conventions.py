"""Conventions and seed practices: a description, idempotence, declared dependencies,
documented JSONB, a rollback file, history left to supatools, expand and contract."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from supatools.lint.model import FileContext, FolderState, Hit, Visit
from supatools.lint.registry import learns, rule, tracks
from supatools.locks import names as _names
from supatools.locks import qualified as _qualified
from supatools.locks import relations as _relations


@rule(
    "missing_description",
    "info",
    "a migration without a leading comment block says nothing of its purpose",
    "start the file with comment lines: what it does, the tables, its dependencies",
    stage="text",
)
def missing_description(file: FileContext) -> Iterator[Hit]:
    if not file.migration.description:
        yield Hit("no leading comment block", line=1)


@rule(
    "missing_rollback",
    "info",
    "without a .down.sql, supatools rollback cannot undo the migration",
    "write <version>_<name>.down.sql beside it",
    stage="text",
)
def missing_rollback(file: FileContext) -> Iterator[Hit]:
    if file.migration.down_path is None:
        yield Hit(f"no {file.migration.stem}.down.sql", line=1)


@learns("CreateStmt")
def _creates(state: FolderState, fields: dict[str, Any], version: str) -> None:
    state.creators.setdefault(_qualified(fields["relation"]), version)
    state.created_names.setdefault(str(fields["relation"].get("relname")), version)


_WORD = re.compile(r"[\w$]+")
_QUOTED = re.compile(r'"((?:[^"]|"")+)"')


def _may_use_earlier_table(file: FileContext) -> bool:
    """Whether the file's text holds a word or a quoted name naming a table an earlier
    file creates: without one, no statement needs a walk of its tree."""
    text = file.migration.text
    earlier = file.folder.created_names
    version = file.migration.version
    words = set(_WORD.findall(text))
    words |= {w.lower() for w in words}
    words |= {q.replace('""', '"') for q in _QUOTED.findall(text)}
    return any(earlier.get(w, version) < version for w in words)


@rule(
    "undeclared_dependency",
    "info",
    "a file that uses what another migration creates, without saying so, can be "
    "applied (or rolled back) in an order that breaks it",
    "name that migration in -- supatools:requires",
    stage="file",
)
def undeclared_dependency(file: FileContext) -> Iterator[Hit]:
    migration = file.migration
    if not _may_use_earlier_table(file):
        return
    declared = {r.version for r in migration.requires}
    named: set[str] = set()
    for statement in file.statements:
        for table in sorted(_relations(statement.fields) - named):
            named.add(table)
            creator = file.folder.creators.get(table)
            if creator and creator < migration.version and creator not in declared:
                yield Hit(
                    f"uses {table}, created by migration {creator}, which requires does not name",
                    line=statement.line,
                )


@tracks("DropStmt")
def _dropped_policies(visit: Visit) -> None:
    fields = visit.fields
    if str(fields.get("removeType", "")) != "OBJECT_POLICY" or not fields.get("missing_ok"):
        return
    for item in fields.get("objects", []):
        parts = _names(item.get("List", {}).get("items"))
        if parts:
            table = ".".join(parts[:-1]) if len(parts) > 2 else f"public.{parts[0]}"
            visit.file.dropped_policies.add((table, parts[-1]))


def _drop(fields: dict[str, Any]) -> str:
    return str(fields.get("removeType", "")).removeprefix("OBJECT_").lower()


def _function_name(fields: dict[str, Any]) -> str:
    return ".".join(_names(fields.get("funcname")))


def _policy_not_dropped_first(visit: Visit) -> str | None:
    fields = visit.fields
    policy = (_qualified(fields["table"]), fields.get("policy_name"))
    if policy in visit.file.dropped_policies:
        return None
    return f'CREATE POLICY "{fields.get("policy_name")}" without a DROP POLICY IF EXISTS before it'


def _column_added_without_if_not_exists(visit: Visit) -> str | None:
    if visit.fields.get("subtype") != "AT_AddColumn" or visit.fields.get("missing_ok"):
        return None
    column = visit.fields.get("def", {}).get("ColumnDef", {})
    return f"ADD COLUMN {column.get('colname')} without IF NOT EXISTS"


_TYPE_IN_DO = (
    "CREATE TYPE/DOMAIN has no IF NOT EXISTS: wrap it in DO $$ BEGIN ...; EXCEPTION "
    "WHEN duplicate_object THEN NULL; END $$"
)
#: node kind -> what is not idempotent about such a node (None: nothing)
_NOT_IDEMPOTENT: dict[str, Callable[[Visit], str | None]] = {
    "CreateStmt": lambda v: (
        None
        if v.fields.get("if_not_exists")
        else f"CREATE TABLE {_qualified(v.fields['relation'])} without IF NOT EXISTS"
    ),
    "IndexStmt": lambda v: (
        None if v.fields.get("if_not_exists") else "CREATE INDEX without IF NOT EXISTS"
    ),
    "CreateEnumStmt": lambda v: _TYPE_IN_DO,
    "CompositeTypeStmt": lambda v: _TYPE_IN_DO,
    "CreateDomainStmt": lambda v: _TYPE_IN_DO,
    "CreateSchemaStmt": lambda v: (
        None if v.fields.get("if_not_exists") else "CREATE SCHEMA without IF NOT EXISTS"
    ),
    "CreateFunctionStmt": lambda v: (
        None
        if v.fields.get("replace")
        else f"CREATE FUNCTION {_function_name(v.fields)} without OR REPLACE"
    ),
    "DropStmt": lambda v: (
        None if v.fields.get("missing_ok") else f"DROP {_drop(v.fields).upper()} without IF EXISTS"
    ),
    "CreatePolicyStmt": _policy_not_dropped_first,
    "AlterTableCmd": _column_added_without_if_not_exists,
}


@rule(
    "not_idempotent",
    "info",
    "a statement that fails when run twice turns a retried run into a failure",
    "IF NOT EXISTS / IF EXISTS / OR REPLACE, and DROP POLICY IF EXISTS before CREATE",
    nodes=tuple(_NOT_IDEMPOTENT),
    squawk="prefer-robust-stmts",
)
def not_idempotent(visit: Visit) -> Iterator[Hit]:
    message = _NOT_IDEMPOTENT[visit.kind](visit)
    if message:
        yield Hit(message)


@learns("CommentStmt")
def _comments(state: FolderState, fields: dict[str, Any], version: str) -> None:
    if fields.get("objtype") == "OBJECT_COLUMN":
        parts = _names(fields.get("object", {}).get("List", {}).get("items"))
        if len(parts) == 2:
            parts = ["public", *parts]
        state.commented.add(".".join(parts))


def _type_name(column: dict[str, Any]) -> str:
    names = _names(column.get("typeName", {}).get("names"))
    return names[-1] if names else ""


@rule(
    "jsonb_undocumented",
    "info",
    "a JSONB column's structure lives only in the code that writes it",
    "COMMENT ON COLUMN with the keys and their types",
    nodes=("ColumnDef",),
)
def jsonb_undocumented(visit: Visit) -> Iterator[Hit]:
    name = str(visit.fields.get("colname", ""))
    column = f"{visit.table}.{name}"
    if _type_name(visit.fields) == "jsonb":
        yield Hit(
            f"{column} is jsonb without COMMENT ON COLUMN",
            undone=lambda folder: column in folder.commented,  # commented in any file
        )


@rule(
    "self_tracking_insert",
    "warn",
    "supatools records history itself; a file tracking itself duplicates it",
    "drop the INSERT once the project is adopted (supatools baseline --from-table)",
    nodes=("InsertStmt",),
)
def self_tracking_insert(visit: Visit) -> Iterator[Hit]:
    relation = visit.fields.get("relation", {})
    name = str(relation.get("relname", ""))
    if "migration" in name and relation.get("schemaname") != "supabase_migrations":
        yield Hit(f"INSERT INTO {_qualified(relation)}: the file tracks itself")


@rule(
    "breaking_change",
    "warn",
    "dropping or renaming a column or table breaks the app code still running",
    "expand and contract: add the new, migrate readers, drop the old later",
    nodes=("DropStmt", "AlterTableCmd", "RenameStmt"),
    squawk="ban-drop-column, ban-drop-table, renaming-column, renaming-table",
)
def breaking_change(visit: Visit) -> Iterator[Hit]:
    fields = visit.fields
    if visit.kind == "DropStmt" and _drop(fields) == "table":
        yield Hit("DROP TABLE: code still running may read it")
    elif visit.kind == "AlterTableCmd" and fields.get("subtype") == "AT_DropColumn":
        yield Hit(f"DROP COLUMN {visit.table}.{fields.get('name')}")
    elif visit.kind == "RenameStmt" and fields.get("renameType") in (
        "OBJECT_COLUMN",
        "OBJECT_TABLE",
    ):
        yield Hit(
            f"RENAME of {_qualified(fields['relation'])}"
            + (f".{fields['subname']}" if fields.get("subname") else "")
        )
