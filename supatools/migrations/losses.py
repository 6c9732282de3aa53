"""What a rollback's down files destroy: every DROP TABLE, DROP COLUMN, TRUNCATE, DELETE
and DROP SCHEMA ... CASCADE, found in PostgreSQL's parse trees, with the live row count of
each table it touches (one catalog query; count(*) for tables the planner thinks small,
its estimate, labelled, for large ones)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supatools.db import Conn
    from supatools.migrations.statements import ParsedMigration


@dataclass(frozen=True)
class Loss:
    """A statement of a down file that destroys rows, and the live rows of its table."""

    file: str  # the down file
    line: int
    action: str  # DROP TABLE | DROP COLUMN <name> | TRUNCATE | DELETE | DROP SCHEMA CASCADE
    table: str  # schema.table as the catalog names it; as written when it does not exist
    present: bool  # the table exists now
    rows: int | None  # None: not known (the count failed and the table was never analysed)
    exact: bool  # count(*), or the planner's estimate (large tables)

    @property
    def touches_rows(self) -> bool:
        return self.present and (self.rows is None or self.rows > 0)

    def describe(self) -> str:
        """``file:line: DROP TABLE public.a (20,000 rows)``, for people."""
        if not self.present:
            count = "no such table now"
        elif self.rows is None:
            count = "row count unknown"
        elif self.exact:
            count = f"{'up to ' if self.action == 'DELETE' else ''}{self.rows:,} row(s)"
        else:
            count = f"~{self.rows:,} row(s), the planner's estimate"
        return f"{self.file}:{self.line}: {self.action} {self.table} ({count})"


#: statements that may destroy rows; the others are not parsed again
_MAY_DESTROY = re.compile(r"(?:drop|truncate|delete|alter|with)\b", re.IGNORECASE)
#: tables up to this many rows (the planner's estimate) are counted exactly
EXACT_COUNT_BELOW = 100_000


def _quoted(names: list[str]) -> str:
    return ".".join('"' + n.replace('"', '""') + '"' for n in names[-2:])


def _names(items: list[dict[str, object]]) -> list[str]:
    return [str(i["String"]["sval"]) for i in items if isinstance(i.get("String"), dict)]  # type: ignore[index]


def _relation(relation: dict[str, object]) -> str:
    return _quoted([str(relation[k]) for k in ("schemaname", "relname") if relation.get(k)])


def _destroys(kind: str, fields: dict[str, object]) -> list[tuple[str, str, str]]:
    """(action, "table" | "schema", quoted name) for each way one parse node takes rows."""
    objects = fields.get("objects") or []
    assert isinstance(objects, list)
    if kind == "DropStmt" and fields.get("removeType") == "OBJECT_TABLE":
        return [("DROP TABLE", "table", _quoted(_names(o["List"]["items"]))) for o in objects]
    if kind == "DropStmt" and fields.get("removeType") == "OBJECT_SCHEMA":
        if fields.get("behavior") == "DROP_CASCADE":
            return [("DROP SCHEMA CASCADE", "schema", name) for name in _names(objects)]
    if kind == "TruncateStmt":
        relations = fields.get("relations") or []
        assert isinstance(relations, list)
        return [("TRUNCATE", "table", _relation(r["RangeVar"])) for r in relations]
    if kind == "DeleteStmt":
        return [("DELETE", "table", _relation(fields["relation"]))]  # type: ignore[arg-type]
    if kind == "AlterTableStmt" and fields.get("objtype") == "OBJECT_TABLE":
        cmds, relation = fields.get("cmds") or [], fields["relation"]
        assert isinstance(cmds, list) and isinstance(relation, dict)
        return [
            (f"DROP COLUMN {c['AlterTableCmd']['name']}", "table", _relation(relation))
            for c in cmds
            if c.get("AlterTableCmd", {}).get("subtype") == "AT_DropColumn"
        ]
    return []


def _targets(text: str) -> list[tuple[str, str, str]]:
    """Every way one statement destroys rows (a DELETE in a WITH too), from its parse tree."""
    from pglast import parser

    if not _MAY_DESTROY.match(text):
        return []
    found: list[tuple[str, str, str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for kind, fields in node.items():
                if isinstance(fields, dict):
                    found.extend(_destroys(kind, fields))
                walk(fields)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(parser.parse_sql_json(text))["stmts"])
    return found


#: the tables the down files name (and every table of a schema dropped with CASCADE),
#: with the planner's row estimate: one catalog query
_TABLES = """
SELECT 'table', t.name, n.nspname::text, c.relname::text, c.reltuples::float8
FROM unnest(%(tables)s::text[]) AS t(name)
JOIN pg_class c ON c.oid = to_regclass(t.name) AND c.relkind IN ('r', 'p')
JOIN pg_namespace n ON n.oid = c.relnamespace
UNION ALL
SELECT 'schema', n.nspname::text, n.nspname::text, c.relname::text, c.reltuples::float8
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s::text[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
"""


def _count(conn: Conn, schema: str, table: str, estimate: float) -> tuple[int | None, bool]:
    """(rows, exact): count(*) for tables the planner thinks small (or never analysed)."""
    import psycopg
    from psycopg import sql

    if estimate >= EXACT_COUNT_BELOW:
        return int(estimate), False
    try:
        with conn.transaction():
            # row_security off: a policy that would hide rows makes the count fail instead
            conn.execute("SET LOCAL row_security = off")
            row = conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, table))
            ).fetchone()
        return int(row[0]) if row else 0, True  # type: ignore[call-overload]
    except psycopg.Error:
        return (int(estimate), False) if estimate >= 0 else (None, False)


def losses(conn: Conn, downs: tuple[ParsedMigration, ...]) -> tuple[Loss, ...]:
    """Every statement of ``downs`` that destroys rows, with its table's live rows."""
    wanted = [
        (down.migration.filename, stmt.line, action, what, name)
        for down in downs
        for stmt in down.statements
        for action, what, name in _targets(stmt.text)
    ]
    if not wanted:
        return ()
    tables = sorted({name for *_, what, name in wanted if what == "table"})
    schemas = sorted({name for *_, what, name in wanted if what == "schema"})
    found: dict[tuple[str, str], list[tuple[str, str, float]]] = {}
    for kind, key, schema, table, estimate in conn.execute(
        _TABLES, {"tables": tables, "schemas": schemas}
    ).fetchall():
        found.setdefault((str(kind), str(key)), []).append(
            (str(schema), str(table), float(estimate))  # type: ignore[arg-type]
        )
    counted: dict[tuple[str, str], tuple[int | None, bool]] = {}
    result: list[Loss] = []
    for file, line, action, what, name in wanted:
        hits = found.get((what, name), [])
        if not hits:
            shown = name.replace('"', "") if what == "table" else f"{name}.*"
            result.append(Loss(file, line, action, shown, False, 0, True))
        for schema, table, estimate in hits:
            if (schema, table) not in counted:
                counted[schema, table] = _count(conn, schema, table, estimate)
            rows, exact = counted[schema, table]
            result.append(Loss(file, line, action, f"{schema}.{table}", True, rows, exact))
    return tuple(result)
