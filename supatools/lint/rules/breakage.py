"""Breakage: statements that fail on a table holding rows, and locks no size changes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from supatools.lint.model import FileContext, Hit, Visit
from supatools.lint.registry import rule
from supatools.locks import names as _names
from supatools.migrations.statements import LineIndex

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


@rule(
    "truncate_cascade",
    "warn",
    "TRUNCATE ... CASCADE also empties every table with a foreign key to it, named nowhere "
    "in the file",
    "TRUNCATE the tables by name, or DELETE the rows you mean",
    nodes=("TruncateStmt",),
    squawk="ban-truncate-cascade",
)
def truncate_cascade(visit: Visit) -> Iterator[Hit]:
    if visit.fields.get("behavior") == "DROP_CASCADE":
        yield Hit("TRUNCATE ... CASCADE empties the tables that reference these too")


_MAX_NAME = 63  # NAMEDATALEN - 1 bytes
#: a run of characters long enough to be such a name (most files have none: no scan)
_LONG_RUN = re.compile(r"[\w$\"]{64,}")


@rule(
    "identifier_too_long",
    "warn",
    "PostgreSQL cuts names longer than 63 bytes without an error: two names can become one, "
    "and a later statement naming the full name misses it",
    "use a name of at most 63 bytes",
    stage="text",
    squawk="identifier-too-long",
)
def identifier_too_long(file: FileContext) -> Iterator[Hit]:
    """Read from the scanner's tokens: the parser's tree holds the names already cut."""
    from pglast import parser

    text = file.migration.text
    # most files have no 64-character run without blank space: str.split is the cheap test
    if max(map(len, text.split()), default=0) <= _MAX_NAME or not _LONG_RUN.search(text):
        return
    try:
        tokens = parser.scan(text)
    except Exception:  # an unterminated string or comment: syntax_error's business
        return
    lines = LineIndex(text)
    for token in tokens:
        if token.name != "IDENT":
            continue
        name = text[token.start : token.end + 1].strip('"')
        if len(name.encode("utf-8")) > _MAX_NAME:
            yield Hit(
                f"{name[:30]}... is {len(name.encode('utf-8'))} bytes long, cut to 63",
                line=lines.line(token.start),
            )


@rule(
    "timestamp_without_time_zone",
    "info",
    "a timestamp without time zone stores the writer's local time, read back as if it were "
    "the reader's",
    "timestamptz (Supabase's own columns use it)",
    nodes=("ColumnDef",),
    squawk="prefer-timestamp-tz",
)
def timestamp_without_time_zone(visit: Visit) -> Iterator[Hit]:
    names = _names(visit.fields.get("typeName", {}).get("names"))
    if names[-1:] == ["timestamp"]:
        yield Hit(f"{visit.table}.{visit.fields.get('colname')} is timestamp without time zone")
