"""Where a migration created an object: the file and line a finding points at in SARIF.

Each migration is read with PostgreSQL's own parser (pglast); the statements that create
tables, views, materialized views, foreign tables and functions are indexed by their
schema-qualified name (an unqualified name is taken as ``public``, the default
search_path's first schema). The newest creation wins, as it is the one that exists.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def _created(kind: str, fields: dict[str, Any]) -> tuple[str | None, str] | None:
    """(schema, name) an object-creating statement creates, else None."""
    relation: Any = None
    if kind == "CreateStmt":
        relation = fields.get("relation")
    elif kind == "ViewStmt":
        relation = fields.get("view")
    elif kind == "CreateTableAsStmt":
        relation = (fields.get("into") or {}).get("rel")
    elif kind == "CreateForeignTableStmt":
        relation = (fields.get("base") or {}).get("relation")
    elif kind == "CreateFunctionStmt":
        names = [n["String"]["sval"] for n in fields.get("funcname", []) if "String" in n]
        if not names:
            return None
        return (names[0] if len(names) > 1 else None), names[-1]
    if not relation:
        return None
    return relation.get("schemaname"), str(relation.get("relname", ""))


def _statements(text: str) -> Iterator[tuple[str, dict[str, Any], int]]:
    """(kind, fields, line) of each statement; nothing for a file the parser refuses."""
    from pglast import parser

    try:
        tree = json.loads(parser.parse_sql_json(text))
    except Exception:  # noqa: BLE001 - an unparseable file locates nothing
        return
    encoded = text.encode("utf-8")
    for raw in tree.get("stmts", []):
        ((kind, fields),) = raw["stmt"].items()
        offset = int(raw.get("stmt_location", 0))
        # the statement starts after any whitespace and comments before it
        leading = encoded[offset:]
        stripped = leading.lstrip()
        line = encoded[: offset + len(leading) - len(stripped)].count(b"\n") + 1
        yield kind, fields, line


def creations(migrations_dir: Path) -> dict[str, tuple[Path, int]]:
    """``schema.name`` -> (migration file, line) of the statement that created it."""
    from supatools.migrations.files import discover

    found: dict[str, tuple[Path, int]] = {}
    try:
        migrations = discover(migrations_dir)
    except Exception:  # noqa: BLE001 - no readable migrations: no locations
        return found
    for migration in migrations:
        for kind, fields, line in _statements(migration.text):
            created = _created(kind, fields)
            if created is not None:
                schema, name = created
                found[f"{schema or 'public'}.{name}"] = (migration.path, line)
    return found
