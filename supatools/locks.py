"""What a statement does to the tables it touches: the lock it takes and whether it reads
or rewrites every row — PostgreSQL's documented table-level lock of each command
("Explicit Locking", "ALTER TABLE"), decided from the parse tree.

Used by ``migrate --dry-run`` to show, before a run, what will block the app's traffic
and for how long it may last (with the tables' live sizes when a database is at hand),
and by ``lint`` to raise the large-table rules on tables that are large.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE"
SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE"
SHARE = "SHARE"
SHARE_UPDATE_EXCLUSIVE = "SHARE UPDATE EXCLUSIVE"
ROW_EXCLUSIVE = "ROW EXCLUSIVE"

#: how much a lock blocks, for "the strongest lock of a migration"
STRENGTH = {
    ROW_EXCLUSIVE: 1,
    SHARE_UPDATE_EXCLUSIVE: 2,
    SHARE: 3,
    SHARE_ROW_EXCLUSIVE: 4,
    ACCESS_EXCLUSIVE: 5,
}

#: ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE (the ALTER TABLE page)
_ALTER_LOCKS = {
    "AT_SetStatistics": SHARE_UPDATE_EXCLUSIVE,
    "AT_SetOptions": SHARE_UPDATE_EXCLUSIVE,
    "AT_ResetOptions": SHARE_UPDATE_EXCLUSIVE,
    "AT_ValidateConstraint": SHARE_UPDATE_EXCLUSIVE,
    "AT_ClusterOn": SHARE_UPDATE_EXCLUSIVE,
    "AT_DropCluster": SHARE_UPDATE_EXCLUSIVE,
    "AT_SetRelOptions": SHARE_UPDATE_EXCLUSIVE,
    "AT_ResetRelOptions": SHARE_UPDATE_EXCLUSIVE,
    "AT_EnableTrig": SHARE_ROW_EXCLUSIVE,
    "AT_DisableTrig": SHARE_ROW_EXCLUSIVE,
    "AT_EnableTrigAll": SHARE_ROW_EXCLUSIVE,
    "AT_DisableTrigAll": SHARE_ROW_EXCLUSIVE,
    "AT_EnableTrigUser": SHARE_ROW_EXCLUSIVE,
    "AT_DisableTrigUser": SHARE_ROW_EXCLUSIVE,
    "AT_DetachPartitionFinalize": SHARE_UPDATE_EXCLUSIVE,
}
_VOLATILE = {"random", "gen_random_uuid", "uuid_generate_v4", "clock_timestamp", "timeofday"}


@dataclass(frozen=True)
class Effect:
    """One table a statement locks, and what it does there."""

    table: str  # schema.name (unqualified names: public)
    lock: str
    what: str  # e.g. "ALTER TABLE ADD COLUMN"
    work: str = ""  # "" | "scan" (reads every row) | "rewrite" (writes every row) | "rows"


# --- parse-tree helpers shared with lint and backup ----------------------------------------


def qualified(relation: dict[str, Any]) -> str:
    """``schema.name`` of a RangeVar (unqualified names: public)."""
    return f"{relation.get('schemaname') or 'public'}.{relation.get('relname')}"


def names(items: list[dict[str, Any]] | None) -> list[str]:
    """The strings of a name list (``funcname``, ``typeName.names``, a List's items)."""
    return [i["String"]["sval"] for i in items or [] if "String" in i]


def volatile_default(column: dict[str, Any]) -> bool:
    """Whether a ColumnDef's DEFAULT calls a volatile function (a rewrite on ADD COLUMN)."""
    for constraint in column.get("constraints", []):
        raw = constraint.get("Constraint", {})
        if raw.get("contype") == "CONSTR_DEFAULT":
            call = raw.get("raw_expr", {}).get("FuncCall")
            if call and (names(call.get("funcname")) or [""])[-1] in _VOLATILE:
                return True
    return False


def relations(node: Any) -> set[str]:
    """Every relation a parse tree names: its RangeVars at any depth."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("relname"), str):
                found.add(qualified(item))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def effects(kind: str, fields: dict[str, Any], created: set[str]) -> list[Effect]:
    """The tables ``kind``/``fields`` locks. ``created``: tables made earlier in the same
    migration (new and empty: no traffic waits on them, nothing to scan)."""
    found: list[Effect] = []

    def add(relation: dict[str, Any], lock: str, what: str, work: str = "") -> None:
        table = qualified(relation)
        if table not in created:
            found.append(Effect(table, lock, what, work))

    if kind == "CreateStmt":
        _create_table(fields, created, add)
    elif kind == "AlterTableStmt":
        _alter_table(fields, add)
    elif kind == "IndexStmt":
        concurrently = bool(fields.get("concurrent"))
        add(
            fields["relation"],
            SHARE_UPDATE_EXCLUSIVE if concurrently else SHARE,
            "CREATE INDEX CONCURRENTLY" if concurrently else "CREATE INDEX",
            "scan",
        )
    elif kind == "DropStmt" and fields.get("removeType") == "OBJECT_TABLE":
        for item in fields.get("objects", []):
            parts = names(item.get("List", {}).get("items"))
            if parts:
                schema, name = (parts[-2], parts[-1]) if len(parts) > 1 else ("public", parts[0])
                add({"schemaname": schema, "relname": name}, ACCESS_EXCLUSIVE, "DROP TABLE")
    elif kind == "TruncateStmt":
        for item in fields.get("relations", []):
            add(item.get("RangeVar", {}), ACCESS_EXCLUSIVE, "TRUNCATE")
    elif kind in ("CreatePolicyStmt", "AlterPolicyStmt"):
        add(
            fields["table"], ACCESS_EXCLUSIVE, "CREATE POLICY" if kind[0] == "C" else "ALTER POLICY"
        )
    elif kind == "DropStmt" and fields.get("removeType") == "OBJECT_POLICY":
        for item in fields.get("objects", []):
            parts = names(item.get("List", {}).get("items"))
            if len(parts) >= 2:
                table = parts[:-1] if len(parts) > 2 else ["public", parts[0]]
                add({"schemaname": table[0], "relname": table[-1]}, ACCESS_EXCLUSIVE, "DROP POLICY")
    elif kind == "CreateTrigStmt":
        add(fields["relation"], SHARE_ROW_EXCLUSIVE, "CREATE TRIGGER")
    elif kind == "RenameStmt" and fields.get("relation"):
        add(fields["relation"], ACCESS_EXCLUSIVE, "RENAME")
    elif kind in ("InsertStmt", "UpdateStmt", "DeleteStmt"):
        every = kind != "InsertStmt" and not fields.get("whereClause")
        add(fields["relation"], ROW_EXCLUSIVE, kind[:-4].upper(), "rows" if every else "")
    elif kind == "VacuumStmt":
        full = any(o.get("DefElem", {}).get("defname") == "full" for o in fields.get("options", []))
        for item in fields.get("rels", []):
            relation = item.get("VacuumRelation", {}).get("relation")
            if relation:
                add(
                    relation,
                    ACCESS_EXCLUSIVE if full else SHARE_UPDATE_EXCLUSIVE,
                    "VACUUM FULL" if full else "VACUUM",
                    "rewrite" if full else "scan",
                )
    elif kind == "ClusterStmt" and fields.get("relation"):
        add(fields["relation"], ACCESS_EXCLUSIVE, "CLUSTER", "rewrite")
    elif kind == "CommentStmt" and fields.get("objtype") in ("OBJECT_TABLE", "OBJECT_COLUMN"):
        parts = names(fields.get("object", {}).get("List", {}).get("items"))
        if fields.get("objtype") == "OBJECT_COLUMN":
            parts = parts[:-1]
        if parts:
            schema, name = (parts[-2], parts[-1]) if len(parts) > 1 else ("public", parts[0])
            add({"schemaname": schema, "relname": name}, SHARE_UPDATE_EXCLUSIVE, "COMMENT")
    return found


class _Add(Protocol):
    def __call__(self, relation: dict[str, Any], lock: str, what: str, work: str = "") -> None: ...


def _create_table(fields: dict[str, Any], created: set[str], add: _Add) -> None:
    """CREATE TABLE: the new table joins ``created``; its foreign keys lock what they
    reference."""
    created.add(qualified(fields["relation"]))
    for element in fields.get("tableElts", []):
        constraint = element.get("Constraint") or {}
        if constraint.get("contype") == "CONSTR_FOREIGN" and constraint.get("pktable"):
            add(constraint["pktable"], SHARE_ROW_EXCLUSIVE, "foreign key of a new table")
        for inner in (element.get("ColumnDef") or {}).get("constraints", []):
            c = inner.get("Constraint", {})
            if c.get("contype") == "CONSTR_FOREIGN" and c.get("pktable"):
                add(c["pktable"], SHARE_ROW_EXCLUSIVE, "foreign key of a new table")


def _alter_table(fields: dict[str, Any], add: _Add) -> None:
    """ALTER TABLE: each command's lock and work (rewrite, scan) on the table, and the
    referenced table of a new foreign key."""
    relation = fields["relation"]
    for wrapped in fields.get("cmds", []):
        cmd = wrapped.get("AlterTableCmd", {})
        subtype = str(cmd.get("subtype", ""))
        label = "ALTER TABLE " + subtype.removeprefix("AT_")
        lock = _ALTER_LOCKS.get(subtype, ACCESS_EXCLUSIVE)
        work = ""
        if subtype == "AT_AddColumn":
            column = cmd.get("def", {}).get("ColumnDef", {})
            work = "rewrite" if volatile_default(column) else ""
        elif subtype == "AT_AlterColumnType":
            work = "rewrite"
        elif subtype == "AT_SetNotNull":
            work = "scan"
        elif subtype == "AT_AddConstraint":
            constraint = cmd.get("def", {}).get("Constraint", {})
            contype = constraint.get("contype")
            if contype == "CONSTR_FOREIGN":
                lock = SHARE_ROW_EXCLUSIVE
                if constraint.get("pktable"):
                    add(constraint["pktable"], SHARE_ROW_EXCLUSIVE, label)
            if contype in ("CONSTR_PRIMARY", "CONSTR_UNIQUE", "CONSTR_EXCLUSION"):
                work = "" if constraint.get("indexname") else "scan"
            elif not constraint.get("skip_validation"):
                work = "scan"
        elif subtype == "AT_ValidateConstraint":
            work = "scan"
        add(relation, lock, label, work)


def human_rows(rows: float) -> str:
    if rows >= 1_000_000:
        return f"{rows / 1_000_000:.1f}M rows"
    if rows >= 1_000:
        return f"{rows / 1_000:.1f}k rows"
    return f"{int(rows)} rows"


def human_bytes(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"
