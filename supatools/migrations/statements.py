"""Split and inspect a migration's SQL with pglast (PostgreSQL's own parser).

Everything that can be known before a migration runs is checked here, so a bad
file stops the run before anything is applied: syntax errors (file:line:column),
transaction control other than one outer ``BEGIN; … COMMIT;`` pair, and
statements PostgreSQL refuses inside a transaction in a file without
``-- supatools:no-transaction``.
"""

from __future__ import annotations

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


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _non_transactional(node: Any) -> str | None:
    """The name of a statement PostgreSQL refuses inside a transaction block, else None."""
    kind = type(node).__name__
    if kind == "IndexStmt" and node.concurrent:
        return "CREATE INDEX CONCURRENTLY"
    if kind == "DropStmt" and node.concurrent:
        return "DROP INDEX CONCURRENTLY"
    if kind == "ReindexStmt":
        params = node.params or ()
        if any(getattr(p, "defname", "") == "concurrently" for p in params):
            return "REINDEX ... CONCURRENTLY"
        # REINDEX SYSTEM / DATABASE cannot run in a transaction block either
        from pglast.enums import ReindexObjectType

        if node.kind in (
            ReindexObjectType.REINDEX_OBJECT_SYSTEM,
            ReindexObjectType.REINDEX_OBJECT_DATABASE,
        ):
            return "REINDEX SYSTEM/DATABASE"
    if kind == "VacuumStmt" and node.is_vacuumcmd:
        return "VACUUM"
    simple = {
        "AlterSystemStmt": "ALTER SYSTEM",
        "CreatedbStmt": "CREATE DATABASE",
        "DropdbStmt": "DROP DATABASE",
        "CreateTableSpaceStmt": "CREATE TABLESPACE",
        "DropTableSpaceStmt": "DROP TABLESPACE",
    }
    if kind in simple:
        return simple[kind]
    if kind == "CreateSubscriptionStmt":
        return "CREATE SUBSCRIPTION"
    return None


def parse(migration: MigrationFile) -> ParsedMigration:
    """Split ``migration`` into statements and refuse what cannot run as written."""
    from pglast import parser

    text = migration.text
    try:
        raw_statements = parser.parse_sql(text)
    except parser.ParseError as exc:
        message = exc.args[0] if exc.args else str(exc)
        location = exc.args[1] if len(exc.args) > 1 else 0
        line, column = line_col(text, int(location))
        raise MigrationFileError(
            f"{migration.path}:{line}:{column}: syntax error: {message}; nothing was applied"
        ) from None

    items: list[tuple[Any, Statement]] = []
    for raw in raw_statements:
        start = int(raw.stmt_location or 0)
        length = int(raw.stmt_len or 0)
        chunk = text[start : start + length] if length else text[start:]
        stripped = chunk.strip().rstrip(";").rstrip()
        lead = len(chunk) - len(chunk.lstrip())
        items.append((raw.stmt, Statement(stripped, start + lead, line_col(text, start + lead)[0])))

    for node, stmt in items:
        if type(node).__name__ == "CopyStmt" and node.filename is None and not node.is_program:
            raise MigrationFileError(
                f"{migration.path}:{stmt.line}: COPY ... FROM STDIN / TO STDOUT needs psql to "
                "carry the data; use INSERT statements (or a seed file) instead"
            )

    outer = False
    if not migration.no_transaction:
        items, outer = _strip_outer_transaction(migration, items)
        for node, stmt in items:
            refused = _non_transactional(node)
            if refused:
                raise MigrationFileError(
                    f"{migration.path}:{stmt.line}: {refused} cannot run inside a transaction; "
                    "add '-- supatools:no-transaction' to the file's leading comment block "
                    "(and keep that file to statements that are safe to re-run)"
                )
    return ParsedMigration(migration, tuple(stmt for _, stmt in items), outer)


def _transaction_kind(node: Any) -> str | None:
    """``BEGIN``/``START``/``COMMIT``/… for a TransactionStmt, else None."""
    if type(node).__name__ != "TransactionStmt":
        return None
    return str(node.kind.name).removeprefix("TRANS_STMT_")


def _strip_outer_transaction(
    migration: MigrationFile, items: list[tuple[Any, Statement]]
) -> tuple[list[tuple[Any, Statement]], bool]:
    """Drop one outer BEGIN/COMMIT pair; refuse any other COMMIT, ROLLBACK or BEGIN."""
    outer = (
        len(items) >= 2
        and _transaction_kind(items[0][0]) in ("BEGIN", "START")
        and _transaction_kind(items[-1][0]) == "COMMIT"
    )
    if outer:
        begin = items[0][0]
        if begin.options:
            raise MigrationFileError(
                f"{migration.path}:{items[0][1].line}: the outer BEGIN carries options "
                "(isolation level or access mode) that supatools would not honour; "
                "remove them or put SET TRANSACTION right after BEGIN"
            )
        if getattr(items[-1][0], "chain", False):
            raise MigrationFileError(
                f"{migration.path}:{items[-1][1].line}: COMMIT AND CHAIN cannot close a "
                "migration; use a plain COMMIT"
            )
        items = items[1:-1]
    # a transaction-ending statement is the real problem, so name it before any BEGIN
    ending = ("COMMIT", "ROLLBACK", "PREPARE", "COMMIT_PREPARED", "ROLLBACK_PREPARED")
    for node, stmt in items:
        if _transaction_kind(node) in ending:
            raise MigrationFileError(
                f"{migration.path}:{stmt.line}: {stmt.text.split()[0].upper()} inside a migration "
                "would end its transaction early; supatools runs each file atomically, so "
                "remove it (only one outer BEGIN; ... COMMIT; pair is accepted)"
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
