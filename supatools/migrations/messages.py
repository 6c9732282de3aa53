"""The messages of a run: consecutive transactional migrations travel together, up to
:data:`MAX_GROUP` per simple-query message, each still in its own ``BEGIN … COMMIT``
with its own history rows.

That leaves the database as one message each would. PostgreSQL runs a message's
statements in order and skips the rest of it at the first error, a failed ``COMMIT``
included (protocol, "Multiple Statements in a Simple Query"): every migration before the
failing one is committed with its rows, the failing one is rolled back, none after it
ran. Counting the results says which is which. Two things differ, and are handled:

- the server parses the whole message before it runs any of it, so a syntax error only
  the server finds (a newer server's syntax our parser accepts) refuses every migration
  of the message: the runner then sends the ones before it again on their own;
- ``now()`` is the time the message arrived for every transaction in it, so a migration
  that may write the time into data (:func:`timeless` says which cannot) starts a
  message of its own: its ``now()`` is its own start, as with one message each.

Over the internet a run of N migrations costs N/32 round trips instead of N; on a direct
connection the client no longer idles between migrations.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from supatools.migrations import history
from supatools.migrations.session import RESET_IDENTITY

if TYPE_CHECKING:
    from supatools.migrations.statements import ParsedMigration

#: migrations per message: round trips fall by this factor, and the progress reports a
#: message's migrations together once it is answered
MAX_GROUP = 32
#: a message stops growing past this many characters of migration SQL (a larger file
#: goes alone); the message carries about twice that, the statements and their copy in
#: the history rows
MAX_GROUP_CHARS = 1 << 20

#: a transactional migration that is not the run's last commits without waiting for its
#: WAL to reach disk: the run's last commit (synchronous, as the session's default) flushes
#: the WAL of every earlier one with its own, so a run pays for one flush instead of one per
#: migration. A server crash in between loses only a tail of whole migrations together
#: with their history rows, never part of one (PostgreSQL, "Asynchronous Commit").
DEFER_FLUSH = "SET synchronous_commit = off"

_TABLE_KIND = r"create\s+(?:(?:global|local)\s+)?(?:temp\s+|temporary\s+|unlogged\s+)?table"
#: statements that store no value of ``now()``: definitions (evaluated when used, or
#: immutable by rule, as index expressions are), privileges, comments, settings, drops
_TIMELESS = re.compile(
    r"(?:create\s+(?:or\s+replace\s+)?(?:policy|function|procedure|trigger|view|schema"
    r"|type|domain|sequence|(?:unique\s+)?index|role|publication|aggregate|operator"
    r"|cast|collation)"
    rf"|{_TABLE_KIND}"
    r"|alter\s+(?:policy|function|procedure|view|schema|sequence|type|domain|role"
    r"|default\s+privileges|publication|index)"
    r"|alter\s+table"
    r"|drop|grant|revoke|comment\s+on|security\s+label|set|reset)\b",
    re.I,
)
_COMMENTS = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.S)
#: the input strings PostgreSQL turns into the time as it reads them ('now', 'today', …):
#: a default, a view, a policy, a role's VALID UNTIL would keep the message's time
_NOW_LITERAL = re.compile(r"(?:'|\$\w*\$)\s*(?:now|today|tomorrow|yesterday)\s*(?:'|\$\w*\$)", re.I)
_TABLE = re.compile(rf"{_TABLE_KIND}\b", re.I)
#: what may make a CREATE TABLE evaluate an expression into rows or the catalog: AS (a
#: query, or a generated column's expression) but for an identity column, and
#: partitions (bounds are evaluated once, when the partition is made)
_TABLE_DATA = re.compile(r"\bas\b(?!\s+identity\b)|\bpartition\b", re.I)
_ALTER_TABLE = re.compile(r"alter\s+table\b", re.I)
#: what may make an ALTER TABLE evaluate an expression into rows: a new column (its
#: DEFAULT, or its domain's, fills the rows already there), a DEFAULT, a new type (USING,
#: or a cast), a generated column's expression, a partition's bounds
_ALTER_DATA = re.compile(
    r"\b(?:default|using|type|expression)\b|\bfor\s+values\b"
    r"|\badd\b(?!\s+(?:constraint|primary|foreign|unique|check|exclude)\b)",
    re.I,
)
#: CREATE SCHEMA with elements of its own (CREATE TABLE … inside it)
_SCHEMA_ELEMENTS = re.compile(r"create\s+schema\b.*\bcreate\b", re.I | re.S)


def timeless(parsed: ParsedMigration) -> bool:
    """Whether none of the migration's statements can store the time it runs at, so it
    may share the ``now()`` of a message that began before it.

    Conservative by construction: a statement is timeless only when its kind is a plain
    definition (:data:`_TIMELESS`) and nothing in its text may evaluate an expression
    into stored data (a new column, AS, a partition bound, a time-like input string).
    What text cannot show stays out of reach: a function wrongly declared IMMUTABLE in
    an index, a cast of a user's own, an event trigger that logs ``now()``.
    """
    for statement in parsed.statements:
        text = statement.text
        leading = _COMMENTS.match(text)
        at = leading.end() if leading else 0
        if not _TIMELESS.match(text, at) or _NOW_LITERAL.search(text, at):
            return False
        if _TABLE.match(text, at) and _TABLE_DATA.search(text, at):
            return False
        if _ALTER_TABLE.match(text, at) and _ALTER_DATA.search(text, at):
            return False
        if _SCHEMA_ELEMENTS.match(text, at):
            return False
    return True


def groups(parsed: tuple[ParsedMigration, ...]) -> list[range]:
    """The run's migrations (indexes into ``parsed``) as they travel: consecutive
    transactional ones together, up to :data:`MAX_GROUP` and :data:`MAX_GROUP_CHARS`,
    one that may store the time (not :func:`timeless`) first in a new message; a
    no-transaction one alone (it runs statement by statement)."""
    spans: list[range] = []
    start: int | None = None
    size = 0
    for index, item in enumerate(parsed):
        if item.migration.no_transaction:
            if start is not None:
                spans.append(range(start, index))
                start = None
            spans.append(range(index, index + 1))
            continue
        length = len(item.migration.text)
        if start is not None and (
            index - start >= MAX_GROUP or size + length > MAX_GROUP_CHARS or not timeless(item)
        ):
            spans.append(range(start, index))
            start = None
        if start is None:
            start, size = index, 0
        size += length
    if start is not None:
        spans.append(range(start, len(parsed)))
    return spans


@dataclass(frozen=True)
class Part:
    """Where one migration sits in its message (indexes of statements)."""

    parsed: ParsedMigration
    #: its first own statement
    first: int
    #: its history insert, whose one row is the duration the server measured
    record: int
    #: what ends it: its COMMIT, or its history insert under ``--atomic``; the migration
    #: is committed (``--atomic``: done) once more results than this came back
    end: int

    def done_by(self, results: int) -> bool:
        """Whether ``results`` successful results cover the whole migration."""
        return results > self.end


@dataclass(frozen=True)
class Message:
    """The statements of one message and where each of its migrations sits."""

    statements: list[str]
    parts: tuple[Part, ...]

    def part_at(self, index: int) -> Part:
        """The migration that statement ``index`` belongs to (its session settings, BEGIN
        and history rows included)."""
        for part in self.parts:
            if index <= part.end:
                return part
        return self.parts[-1]


def build(
    items: tuple[ParsedMigration, ...],
    prefix: list[str],
    record: history.Recorder,
    *,
    atomic: bool = False,
    durable_last: bool = True,
) -> Message:
    """One message for ``items``: for each, the session settings (``prefix``), BEGIN, the
    duration's mark, its statements, both history rows as the connecting role, COMMIT;
    then :data:`LEXER_RESET`.

    With ``atomic`` (``--atomic``) the caller owns the transaction: no BEGIN or COMMIT.
    Every commit but the last skips the disk flush (:data:`DEFER_FLUSH`); the last too
    unless ``durable_last``.
    """
    statements: list[str] = []
    parts: list[Part] = []
    last = len(items) - 1
    for position, parsed in enumerate(items):
        texts = [s.text for s in parsed.statements]
        statements += prefix
        if not atomic:
            if position < last or not durable_last:
                statements.append(DEFER_FLUSH)
            statements.append("BEGIN")
        statements.append(history.MARK)
        first = len(statements)
        statements += texts
        statements += RESET_IDENTITY
        statements.append(record.sql(parsed.migration, texts))
        at = len(statements) - 1
        if not atomic:
            statements.append("COMMIT")
        parts.append(Part(parsed, first, at, len(statements) - 1))
    statements += LEXER_RESET
    return Message(statements, tuple(parts))


#: the server reads (lexes and parses) a whole message before it runs any of it, under
#: the settings the session has then: a migration's session-level ``SET
#: standard_conforming_strings = off`` would change how the next message's string
#: literals are read (``'^\d+$'`` becoming ``'^d+$'``), which the RESET ALL at its start
#: comes too late to prevent. Each message ends by resetting what the lexer reads.
LEXER_RESET = ("RESET standard_conforming_strings", "RESET backslash_quote")


class Ahead:
    """The next message, built while the server runs the current one: the client's share
    of a message (history rows, the text) overlaps the server's instead of following it.
    Best effort: a message that could not be built ahead is built again, and fails, in
    its turn."""

    def __init__(
        self,
        parsed: tuple[ParsedMigration, ...],
        spans: list[range],
        prefix: list[str],
        atomic: bool,
        record: history.Recorder,
    ) -> None:
        self._parsed, self._spans, self._prefix, self._atomic = parsed, spans, prefix, atomic
        self._ready: dict[int, Message] = {}
        self.record = record

    def durable(self, index: int) -> bool:
        """Whether migration ``index`` (0-based) commits synchronously: the run's last,
        every no-transaction one, and all of ``--atomic`` (one transaction)."""
        item = self._parsed[index]
        return self._atomic or index == len(self._parsed) - 1 or item.migration.no_transaction

    def message(self, group: int) -> Message:
        """Group ``group``'s message: the one built ahead, else built now."""
        ready = self._ready.pop(group, None)
        if ready is not None:
            return ready
        span = self._spans[group]
        return build(
            self._parsed[span.start : span.stop],
            self._prefix,
            self.record,
            atomic=self._atomic,
            durable_last=self.durable(span.stop - 1),
        )

    def prepare(self, group: int) -> None:
        """Build group ``group``'s message now (while the server works on another)."""
        if group >= len(self._spans):
            return
        if self._parsed[self._spans[group].start].migration.no_transaction:
            return
        with contextlib.suppress(Exception):
            self._ready[group] = self.message(group)
