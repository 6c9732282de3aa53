"""Breakage: statements that fail on a table holding rows, and locks no size changes."""

from __future__ import annotations

from collections.abc import Iterator

from supatools.lint.model import Hit, Visit
from supatools.lint.registry import rule
from supatools.locks import names as _names

#: types whose column gets its own default (a sequence)
_SERIAL = frozenset({"serial", "bigserial", "smallserial", "serial4", "serial8", "serial2"})
#: constraints that give every existing row a value
_FILLED = frozenset({"CONSTR_DEFAULT", "CONSTR_IDENTITY", "CONSTR_GENERATED"})


@rule(
    "required_column_without_default",
    "error",
    "ADD COLUMN ... NOT NULL (or PRIMARY KEY) without a default fails on a table that holds rows",
    "add it with a DEFAULT, or add it nullable, backfill, then SET NOT NULL",
    nodes=("ColumnDef",),
    squawk="adding-required-field",
)
def required_column_without_default(visit: Visit) -> Iterator[Hit]:
    if not (visit.adding and visit.existing()):
        return
    kinds = {c.get("Constraint", {}).get("contype") for c in visit.fields.get("constraints", [])}
    type_name = (_names(visit.fields.get("typeName", {}).get("names")) or [""])[-1]
    required = kinds & {"CONSTR_NOTNULL", "CONSTR_PRIMARY"}
    if required and not kinds & _FILLED and type_name not in _SERIAL:
        yield Hit(f"{visit.table}.{visit.fields.get('colname')} is NOT NULL without a default")


@rule(
    "drop_index_without_concurrently",
    "warn",
    "DROP INDEX takes an ACCESS EXCLUSIVE lock on its table: reads and writes wait",
    "DROP INDEX CONCURRENTLY (supatools runs such a file outside a transaction)",
    nodes=("DropStmt",),
    squawk="require-concurrent-index-deletion",
)
def drop_index_without_concurrently(visit: Visit) -> Iterator[Hit]:
    fields = visit.fields
    if fields.get("removeType") == "OBJECT_INDEX" and not fields.get("concurrent"):
        for item in fields.get("objects", []):
            name = ".".join(_names(item.get("List", {}).get("items")))
            yield Hit(f"DROP INDEX {name} without CONCURRENTLY")
