"""A migration file's statements for lint, and where the parser gave up on one.

The whole file goes through PostgreSQL's parser at once (one call, linear time). When
that fails (a syntax error, or nesting too deep for the parser or for reading its tree),
the file is split with the scanner and each statement parsed on its own: the statements
that parse are still linted, and the failure is a ``syntax_error`` at its line and column.
"""

from __future__ import annotations

import json
from typing import Any

from supatools.errors import MigrationFileError
from supatools.lint.model import Statement, Unreadable
from supatools.migrations.files import MigrationFile
from supatools.migrations.statements import LineIndex, exact_statements, line_col

#: what the parser says when a statement nests deeper than it (or we) can follow
_TOO_DEEP = ("memory exhausted", "stack depth limit exceeded")
NESTING = "nesting too deep to read"


def read(migration: MigrationFile) -> tuple[list[Statement], Unreadable | None]:
    """The statements of ``migration`` (each with its line) and, when the whole file does
    not parse, the first place it fails (the statements then are those that parse)."""
    try:
        return _statements(migration), None
    except (MigrationFileError, RecursionError):
        return _apart(migration)


def _statements(migration: MigrationFile) -> list[Statement]:
    """The file's statements with the line each starts on (after leading blank space)."""
    lines = LineIndex(migration.text)
    statements = []
    for node, start, length in exact_statements(migration):
        chunk = migration.text[start : start + length]
        lead = len(chunk) - len(chunk.lstrip())
        statements.append(Statement(node.kind, node.fields, lines.line(start + lead)))
    return statements


def _shown(message: str) -> str:
    """The parser's message on one line, its quoted fragment of the file cut short and
    any secret in it named, not shown (an unterminated string quotes the rest of it)."""
    from supatools.lint.rules.secrets import _JWT, _SECRET_PATTERNS

    first, *rest = message.splitlines() or [""]
    if rest or len(first) > 120:
        first = first[:120] + "..." + ('"' if first.count('"') % 2 else "")
    for pattern, what in (*_SECRET_PATTERNS, (_JWT, "a JWT")):
        first = pattern.sub(f"<{what}>", first)
    return first


def _unreadable(text: str, offset: int, message: str) -> Unreadable:
    message = _shown(message)
    if message.startswith(_TOO_DEEP):
        message = f"{NESTING} ({message})"
    line, column = line_col(text, offset)
    return Unreadable(line, column, message)


def _whole_file_error(text: str) -> Unreadable | None:
    """The parser's own error on the whole file (None: it parsed, but its tree nests
    deeper than Python reads)."""
    from pglast import parser

    try:
        parser.parse_sql_json(text)
    except parser.ParseError as exc:
        location = int(exc.args[1]) if len(exc.args) > 1 else 0  # characters
        return _unreadable(text, location, str(exc.args[0] if exc.args else exc))
    return None


def _apart(migration: MigrationFile) -> tuple[list[Statement], Unreadable | None]:
    """Statement by statement: those that parse, and the first failure. A file the
    scanner cannot split (an unterminated string or comment) has no statement."""
    from pglast import parser

    text = migration.text
    error = _whole_file_error(text)
    try:
        pieces = parser.split(text, with_parser=False, only_slices=True)
    except Exception:
        pieces = ()
    lines = LineIndex(text)
    statements: list[Statement] = []
    begin = 0  # as the parser places a statement: just after the previous semicolon
    for piece in pieces:
        start, begin = begin, piece.stop + 1
        chunk = text[start : piece.stop]
        try:
            tree: dict[str, Any] = json.loads(parser.parse_sql_json(chunk))
        except parser.ParseError as exc:
            location = int(exc.args[1]) if len(exc.args) > 1 else 0
            error = error or _unreadable(text, start + location, str(exc.args[0]))
            continue
        except RecursionError:
            error = error or _unreadable(text, piece.start, NESTING)
            continue
        encoded = chunk.encode("utf-8")
        for raw in tree.get("stmts", []):
            ((kind, fields),) = raw["stmt"].items()
            at = start + len(encoded[: int(raw.get("stmt_location", 0))].decode(errors="ignore"))
            rest = text[at : piece.stop]
            lead = len(rest) - len(rest.lstrip())
            statements.append(Statement(kind, fields, lines.line(at + lead)))
    return statements, error or Unreadable(1, 1, NESTING)
