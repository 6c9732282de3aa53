"""Split and inspect a migration's SQL with pglast (PostgreSQL's own parser).

Everything that can be known before a migration runs is checked here, so a bad
file stops the run before anything is applied: syntax errors (file:line:column),
transaction control other than one outer ``BEGIN; … COMMIT;`` pair, and
statements PostgreSQL refuses inside a transaction in a file without
``-- supatools:no-transaction``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from supatools.errors import MigrationFileError
from supatools.migrations.files import MigrationFile


@dataclass(frozen=True)
class Statement:
    """One statement of a migration, with its place in the file."""

    text: str
    start: int  # character offset of the statement in the file
    line: int


@dataclass(frozen=True)
class ParsedMigration:
    """A migration split into the statements supatools will send."""

    migration: MigrationFile
    statements: tuple[Statement, ...]
    outer_transaction: bool  # the file wrapped itself in BEGIN; … COMMIT;
    #: said when supatools chose to run the file outside a transaction by itself
    notice: str | None = None
    #: the file has its own BEGIN/COMMIT in the middle: it runs as written, like psql
    as_written: bool = False


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


@dataclass(frozen=True)
class Node:
    """A top-level parse node as libpg_query's JSON gives it: its type and its fields."""

    kind: str  # e.g. "IndexStmt"
    fields: dict[str, Any]


def _option(fields: dict[str, Any], key: str, name: str) -> str | None:
    """The value of option ``name`` in a list of DefElem (``WITH (name = value)``)."""
    for item in fields.get(key) or []:
        elem = item.get("DefElem", {})
        if elem.get("defname") == name:
            arg = elem.get("arg") or {}
            value = arg.get("String", {}).get("sval") or arg.get("Boolean", {}).get("boolval")
            return str(value).lower() if value is not None else "true"
    return None


def _false(value: str | None) -> bool:
    return value in ("false", "off", "0", "no")


def non_transactional(node: Node) -> str | None:
    """The name of a statement PostgreSQL refuses inside a transaction block, else None.

    The list follows PostgreSQL's own calls to ``PreventInTransactionBlock`` (15-17);
    tests/test_statements.py runs each of these inside BEGIN on the server under test
    and expects SQLSTATE 25001. Two cases depend on the catalog and cannot be told from
    the text: REINDEX and CLUSTER of a partitioned table.
    """
    fields = node.fields
    kind = node.kind
    if kind == "IndexStmt" and fields.get("concurrent"):
        return "CREATE INDEX CONCURRENTLY"
    if kind == "DropStmt" and fields.get("concurrent"):
        return "DROP INDEX CONCURRENTLY"
    if kind == "ReindexStmt":
        if _option(fields, "params", "concurrently") not in (None, "false"):
            return "REINDEX ... CONCURRENTLY"
        target = str(fields.get("kind", "")).removeprefix("REINDEX_OBJECT_")
        if target in ("SYSTEM", "DATABASE", "SCHEMA"):
            return f"REINDEX {target}"
    if kind == "VacuumStmt" and fields.get("is_vacuumcmd"):
        return "VACUUM"
    if kind == "ClusterStmt" and not fields.get("relation"):
        return "CLUSTER without a table"
    if kind == "AlterTableStmt":
        for cmd in fields.get("cmds") or []:
            alter = cmd.get("AlterTableCmd", {})
            part = (alter.get("def") or {}).get("PartitionCmd", {})
            if alter.get("subtype") == "AT_DetachPartition" and part.get("concurrent"):
                return "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY"
    if kind == "DiscardStmt" and fields.get("target") == "DISCARD_ALL":
        return "DISCARD ALL"
    if kind == "AlterDatabaseStmt" and _option(fields, "options", "tablespace") is not None:
        return "ALTER DATABASE ... SET TABLESPACE"
    if kind == "CreateSubscriptionStmt":
        if not _false(_option(fields, "options", "connect")) and not _false(
            _option(fields, "options", "create_slot")
        ):
            return "CREATE SUBSCRIPTION (with create_slot)"
    if kind == "AlterSubscriptionStmt":
        sub = str(fields.get("kind", "")).removeprefix("ALTER_SUBSCRIPTION_")
        if sub == "REFRESH":
            return "ALTER SUBSCRIPTION ... REFRESH PUBLICATION"
        if sub in ("SET_PUBLICATION", "ADD_PUBLICATION", "DROP_PUBLICATION") and not _false(
            _option(fields, "options", "refresh")
        ):
            return "ALTER SUBSCRIPTION ... PUBLICATION (with refresh)"
    return {
        "AlterSystemStmt": "ALTER SYSTEM",
        "CreatedbStmt": "CREATE DATABASE",
        "DropdbStmt": "DROP DATABASE",
        "CreateTableSpaceStmt": "CREATE TABLESPACE",
        "DropTableSpaceStmt": "DROP TABLESPACE",
    }.get(kind)


#: statements that only read or change rows: their kind is all the checks need, so they
#: are not turned into JSON (which costs ten times the text, for data migrations)
_DATA_STATEMENT = re.compile(r"(?:insert|update|delete|select|values|with|merge|table)\b", re.I)
#: statements whose parse tree :func:`parse` never reads (none of them is a kind that
#: cannot run in a transaction, a COPY or transaction control): their syntax is checked
#: by the split, and migrate does not turn them into JSON (7 of the bench's 9
#: statements a file). Any other start (CREATE INDEX, ALTER TABLE, DROP INDEX) is parsed.
_PLAIN_DDL = re.compile(
    r"(?:create\s+(?:or\s+replace\s+)?(?:policy|function|procedure|trigger|view|table"
    r"|schema|type|domain|sequence)|alter\s+(?:policy|function|view|schema|sequence)"
    r"|drop\s+(?:policy|function|procedure|trigger|view|table|type|schema|sequence)"
    r"|grant|revoke|comment\s+on)\b",
    re.I,
)
#: index and table DDL whose only field :func:`parse` reads is CONCURRENTLY (the kinds
#: that cannot run in a transaction): a statement without the word is not turned into JSON
_CONCURRENT_ONLY = re.compile(
    r"(?:create\s+(?:unique\s+)?index|drop\s+index|alter\s+table)\b", re.I
)
_CONCURRENT = re.compile("concurrent", re.I)
#: the kinds only :func:`raw_statements` gives (``kinds_only``): no fields, one node each
DATA_NODE = Node("DataStmt", {})
PLAIN_NODE = Node("PlainDdlStmt", {})
_FIELDLESS = frozenset({DATA_NODE.kind, PLAIN_NODE.kind})
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: a dollar-quote tag holding a non-ASCII character: the fast path cannot stand in for it
_NON_ASCII_TAG = re.compile(r"\$[^\s$]*[^\x00-\x7f][^\s$]*\$")


def raw_statements(
    migration: MigrationFile, *, kinds_only: bool = False
) -> list[tuple[Node, int, int]]:
    """(node, start, length) per statement, offsets in characters; syntax errors exit 2.

    With ``kinds_only`` (:func:`parse`, which reads the fields of a few kinds only), a
    statement matching :data:`_PLAIN_DDL`, or :data:`_CONCURRENT_ONLY` without the word
    CONCURRENTLY, is a ``PlainDdlStmt`` node with no fields.

    Linear in the size of the file. pglast's ``split`` (libpg_query's parser) finds the
    statements and checks the syntax; it is quadratic on non-ASCII text, so it is given
    the text with each non-ASCII character replaced by one ASCII letter, which keeps
    every character offset. Only statements that are not plain data statements are
    parsed to JSON for their kind and fields.
    """
    import json

    from pglast import parser

    text = migration.text
    if not text.isascii() and _NON_ASCII_TAG.search(text):
        return exact_statements(migration)
    scanned = text if text.isascii() else _NON_ASCII.sub("x", text)
    try:
        slices = parser.split(scanned, with_parser=True, only_slices=True)
    except parser.ParseError as exc:
        raise _syntax_error(migration, exc) from None
    found: list[tuple[Node, int, int]] = []
    for piece in slices:
        start, stop = int(piece.start), int(piece.stop)
        if _DATA_STATEMENT.match(scanned, start):
            found.append((DATA_NODE, start, stop - start))
            continue
        if kinds_only and (
            _PLAIN_DDL.match(scanned, start)
            or (
                _CONCURRENT_ONLY.match(scanned, start)
                and not _CONCURRENT.search(scanned, start, stop)
            )
        ):
            found.append((PLAIN_NODE, start, stop - start))
            continue
        tree = json.loads(parser.parse_sql_json(text[start:stop]))
        ((kind, fields),) = tree["stmts"][0]["stmt"].items()
        found.append((Node(kind, fields), start, stop - start))
    return found


def _syntax_error(migration: MigrationFile, exc: Exception) -> MigrationFileError:
    message = exc.args[0] if exc.args else str(exc)
    location = exc.args[1] if len(exc.args) > 1 else 0  # characters
    if location is None:  # "at end of input": libpg_query gives no location
        location = len(migration.text.rstrip())
    line, column = line_col(migration.text, int(location))
    return MigrationFileError(
        f"{migration.path}:{line}:{column}: syntax error: {message}; nothing was applied"
    )


def exact_statements(migration: MigrationFile) -> list[tuple[Node, int, int]]:
    """Every statement with its whole parse node (data statements included), offsets in
    characters, in linear time: the slower path through libpg_query's JSON, for files the
    fast path cannot take and for lint, which reads every node."""
    import json

    from pglast import parser

    text = migration.text
    try:
        tree = json.loads(parser.parse_sql_json(text))
    except parser.ParseError as exc:
        raise _syntax_error(migration, exc) from None
    # the JSON's offsets are in bytes; statements come in order, so one forward cursor
    # turns them into characters in linear time
    encoded = None if text.isascii() else text.encode("utf-8")
    cursor = [0, 0]  # bytes, characters

    def chars(byte_offset: int) -> int:
        if encoded is None:
            return byte_offset
        done_bytes, done_chars = cursor
        if byte_offset < done_bytes:  # never happens for ordered statements; stay correct
            done_bytes, done_chars = 0, 0
        done_chars += len(encoded[done_bytes:byte_offset].decode("utf-8", errors="ignore"))
        cursor[0], cursor[1] = byte_offset, done_chars
        return done_chars

    found: list[tuple[Node, int, int]] = []
    for raw in tree.get("stmts", []):
        ((kind, fields),) = raw["stmt"].items()
        begin = int(raw.get("stmt_location", 0))
        length = int(raw.get("stmt_len", 0))
        start = chars(begin)
        size = chars(begin + length) - start if length else len(text) - start
        found.append((Node(kind, fields), start, size))
    return found


class LineIndex:
    """Line numbers of character offsets in one text, in O(log n) each."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def parse(migration: MigrationFile, strict: bool = False) -> ParsedMigration:
    """Split ``migration`` into statements and refuse what cannot run as written.

    Files that control their own transactions (a COMMIT in the middle) and files with
    CONCURRENTLY index builds run statement by statement outside a transaction, as the
    Supabase CLI and psql run them, with a notice; ``strict`` refuses them instead."""
    text = migration.text
    items: list[tuple[Node, Statement]] = []
    fieldless = True
    line, counted = 1, 0  # the line of offset ``counted``: statements come in order
    for node, start, length in raw_statements(migration, kinds_only=True):
        chunk = text[start : start + length]
        body = chunk.lstrip()  # pglast's slices are stripped already: no copy then
        at = start + len(chunk) - len(body)
        if at < counted:
            line, counted = 1, 0
        line += text.count("\n", counted, at)
        counted = at
        items.append((node, Statement(body.rstrip().rstrip(";").rstrip(), at, line)))
        fieldless = fieldless and node.kind in _FIELDLESS
    if fieldless:  # no COPY, no transaction control, nothing refused in a transaction
        return ParsedMigration(migration, tuple(stmt for _, stmt in items), False)

    for node, stmt in items:
        if (
            node.kind == "CopyStmt"
            and not node.fields.get("filename")
            and not node.fields.get("is_program")
        ):
            raise MigrationFileError(
                f"{migration.path}:{stmt.line}: COPY ... FROM STDIN / TO STDOUT needs psql to "
                "carry the data; use INSERT statements (or a seed file) instead"
            )

    outer = False
    notice = None
    import dataclasses

    own_control = _own_transaction_control(items)
    if own_control is not None and not strict and not migration.no_transaction:
        _refuse_two_phase(migration, items)
        word, ending = own_control
        migration = dataclasses.replace(migration, no_transaction=True)
        notice = (
            f"{migration.path}:{ending.line}: the file ends its own transaction ({word}), so it "
            "runs as written, statement by statement with its own BEGIN/COMMIT, as psql and "
            "the Supabase CLI run it: not atomic (what it committed before a failure stays "
            "applied); it is recorded when it ends. --strict refuses such files"
        )
        statements = tuple(stmt for _, stmt in items)
        return ParsedMigration(migration, statements, False, notice, as_written=True)
    if not migration.no_transaction:
        items, outer = _strip_outer_transaction(migration, items)
        refused = [(non_transactional(node), stmt) for node, stmt in items]
        refused = [(what, stmt) for what, stmt in refused if what]
        if (
            refused
            and not strict
            and not outer
            and all(what in _CONCURRENT_INDEX for what, _ in refused)
        ):
            # as the Supabase CLI (2.109+) does: index builds CONCURRENTLY run the file
            # statement by statement outside a transaction, and the run says so
            migration = dataclasses.replace(migration, no_transaction=True)
            what, stmt = refused[0]
            notice = (
                f"{migration.path}:{stmt.line}: {what} cannot run inside a transaction, so this "
                "file runs statement by statement outside one (not atomic: a failure leaves "
                "the statements before it applied); add '-- supatools:no-transaction' to say "
                "so in the file"
            )
        elif refused:
            what, stmt = refused[0]
            raise MigrationFileError(
                f"{migration.path}:{stmt.line}: {what} cannot run inside a transaction; "
                "add '-- supatools:no-transaction' to the file's leading comment block "
                "(and keep that file to statements that are safe to re-run)"
            )
    return ParsedMigration(migration, tuple(stmt for _, stmt in items), outer, notice)


#: what the Supabase CLI runs outside a transaction by itself; anything else stays refused
_CONCURRENT_INDEX = frozenset(
    {"CREATE INDEX CONCURRENTLY", "DROP INDEX CONCURRENTLY", "REINDEX ... CONCURRENTLY"}
)


_ENDING = ("COMMIT", "ROLLBACK", "PREPARE", "COMMIT_PREPARED", "ROLLBACK_PREPARED")


def _own_transaction_control(items: list[tuple[Node, Statement]]) -> tuple[str, Statement] | None:
    """The first transaction-ending statement that is not the closing COMMIT of one
    outer BEGIN ... COMMIT pair: the file controls its own transactions."""
    outer = (
        len(items) >= 2
        and _transaction_kind(items[0][0]) in ("BEGIN", "START")
        and _transaction_kind(items[-1][0]) == "COMMIT"
    )
    inner = items[1:-1] if outer else items
    for node, stmt in inner:
        kind = _transaction_kind(node)
        if kind in _ENDING:
            return stmt.text.split()[0].upper(), stmt
    return None


def _refuse_two_phase(migration: MigrationFile, items: list[tuple[Node, Statement]]) -> None:
    """Two-phase commit leaves a prepared transaction holding locks: never run it."""
    for node, stmt in items:
        if _transaction_kind(node) in ("PREPARE", "COMMIT_PREPARED", "ROLLBACK_PREPARED"):
            raise MigrationFileError(
                f"{migration.path}:{stmt.line}: {stmt.text.split()[0].upper()} (two-phase "
                "commit) cannot run in a migration; remove it"
            )


def _transaction_kind(node: Node) -> str | None:
    """``BEGIN``/``START``/``COMMIT``/… for a TransactionStmt, else None."""
    if node.kind != "TransactionStmt":
        return None
    return str(node.fields.get("kind", "")).removeprefix("TRANS_STMT_")


def _strip_outer_transaction(
    migration: MigrationFile, items: list[tuple[Node, Statement]]
) -> tuple[list[tuple[Node, Statement]], bool]:
    """Drop one outer BEGIN/COMMIT pair; refuse any other COMMIT, ROLLBACK or BEGIN."""
    outer = (
        len(items) >= 2
        and _transaction_kind(items[0][0]) in ("BEGIN", "START")
        and _transaction_kind(items[-1][0]) == "COMMIT"
    )
    if outer:
        if items[0][0].fields.get("options"):
            raise MigrationFileError(
                f"{migration.path}:{items[0][1].line}: the outer BEGIN carries options "
                "(isolation level or access mode) that supatools would not honour; "
                "remove them or put SET TRANSACTION right after BEGIN"
            )
        if items[-1][0].fields.get("chain"):
            raise MigrationFileError(
                f"{migration.path}:{items[-1][1].line}: COMMIT AND CHAIN cannot close a "
                "migration; use a plain COMMIT"
            )
        items = items[1:-1]
    # a transaction-ending statement is the real problem, so name it before any BEGIN
    for node, stmt in items:
        if _transaction_kind(node) in _ENDING:
            raise MigrationFileError(
                f"{migration.path}:{stmt.line}: {stmt.text.split()[0].upper()} inside a migration "
                "would end its transaction early; --strict runs each file atomically, so "
                "remove it (only one outer BEGIN; ... COMMIT; pair is accepted), or run "
                "without --strict to run the file as written"
            )
    for node, stmt in items:
        if _transaction_kind(node) in ("BEGIN", "START"):
            raise MigrationFileError(
                f"{migration.path}:{stmt.line}: BEGIN inside a migration is not allowed; "
                "only one outer BEGIN; ... COMMIT; pair is accepted"
            )
    return items, outer


def comparable(sql_text: str) -> str:
    """The SQL's tokens without comments, whitespace and semicolons: a form for drift checks.

    Used for history rows that the Supabase CLI wrote, which carry the statements
    it split rather than a checksum.
    """
    from pglast import parser

    try:
        tokens = parser.scan(sql_text)
    except Exception:  # a scanner failure: fall back to whitespace-only folding
        return "".join(sql_text.split()).replace(";", "")
    parts: list[str] = []
    for token in tokens:
        if token.name in ("SQL_COMMENT", "C_COMMENT", "ASCII_59"):
            continue
        parts.append(sql_text[token.start : token.end + 1])
    return "".join(parts)
