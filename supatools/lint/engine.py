"""The lint engine: reads the folder once, file by file, and gives each parse-tree node
to the rules that asked for its kind.

Order of work, per file in version order: every statement to the learners (which tables
it creates and drops, where RLS is enabled, what is granted, which columns are
commented), then the ``text`` rules, the ``file`` rules, and each statement's nodes (the
statement, then its ALTER TABLE commands and column definitions) to the trackers and the
``node`` rules of that kind; then the file's trees are let go. A finding a later file
may undo carries its condition (:data:`supatools.lint.model.Undone`), decided once the
last file is read: memory is that of one file's trees and the findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from supatools.lint import rules as _rules  # noqa: F401  (registers every rule)
from supatools.lint.model import (
    FileContext,
    FolderState,
    Hit,
    LintRule,
    Statement,
    Undone,
    Unreadable,
    Visit,
)
from supatools.lint.reading import NESTING, read
from supatools.lint.registry import (
    BY_NODE,
    LEARNERS,
    RULES,
    TRACKERS,
    LintFinding,
    staged,
    tracks,
)
from supatools.locks import qualified as _qualified
from supatools.migrations.files import MigrationFile

_IGNORE = re.compile(r"--\s*supatools:ignore\s+([a-z_]+)", re.IGNORECASE)


def lint(
    migrations: list[MigrationFile],
    only: set[Path] | None = None,
    exposed: tuple[str, ...] = ("public",),
    levels: dict[str, str] | None = None,
    grants: Iterable[tuple[str, str]] = (),
) -> list[LintFinding]:
    """Every finding of the files in ``only`` (all when None), read in version order;
    ``grants``: what the database already grants the API roles (see
    :func:`supatools.lint.live.api_grants`), as the files' grants are kept."""
    import gc

    # The parse trees are acyclic dicts and lists, freed by reference counting; the cyclic
    # collector's passes over them were half of lint's time (1,000 files: 2.9 s with it,
    # 1.5 s without, when every file's trees were kept for a second pass).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _lint(migrations, only, exposed, levels, set(grants))
    finally:
        if collecting:
            gc.enable()


def _lint(
    migrations: list[MigrationFile],
    only: set[Path] | None,
    exposed: tuple[str, ...],
    levels: dict[str, str] | None,
    grants: set[tuple[str, str]],
) -> list[LintFinding]:
    """One pass, file by file in version order: what a file creates, enables and grants
    is learnt, then its rules run, then its parse trees are let go (memory stays that of
    one file). A finding that a later file may still undo (RLS enabled, the table dropped,
    a grant, a comment) waits with its condition, decided once every file is read."""
    state = FolderState(grants=grants)
    found: list[tuple[LintFinding, Undone | None]] = []
    chosen = levels or {}
    for migration in migrations:
        # a file the parser cannot read is a syntax_error; what it can read is linted
        statements, unreadable = read(migration)
        for statement in statements:  # what the folder creates, for later rules
            state.at = (migration.version, statement.line)
            _learn(state, statement.kind, statement.fields, migration.version)
        # every file is read in order (what earlier files validated matters), and the
        # findings of the files asked for are kept
        wanted = only is None or migration.path.resolve() in only
        checked = _checked(migration, statements, state, exposed, unreadable)
        del statements  # this file's trees go once its rules have run
        # the file's lines, split once (not per finding), when it has ignore comments
        text = migration.text
        lines = text.splitlines() if "supatools:ignore" in text.lower() else None
        for item, undone in checked:
            # what the files so far already undo is dropped now (every condition only
            # turns true as files are read), so pending findings stay few
            if not wanted or (undone is not None and undone(state)):
                continue
            if RULES[item.rule].always:
                found.append((item, undone))
                continue
            level = chosen.get(item.rule, item.level)
            if level == "off" or (lines is not None and _ignored(lines, item.line, item.rule)):
                continue
            finding = LintFinding(
                item.rule, level, item.path, item.line, item.message, item.table, item.column
            )
            found.append((finding, undone))
    return [finding for finding, undone in found if undone is None or not undone(state)]


def _learn(state: FolderState, kind: str, fields: dict[str, Any], version: str) -> None:
    """What one statement teaches the folder (see :func:`supatools.lint.registry.learns`)."""
    for learner in LEARNERS.get(kind, ()):
        learner(state, fields, version)


def _ignored(text: str | list[str], line: int, rule: str) -> bool:
    """Whether an ignore comment for ``rule`` is on ``line`` or the line before it
    (``text``: the file, or its lines already split)."""
    lines = text.splitlines() if isinstance(text, str) else text
    for number in (line - 1, line):  # the statement's line, or the line before it
        if 1 <= number <= len(lines):
            for match in _IGNORE.finditer(lines[number - 1]):
                if match.group(1).lower() == rule:
                    return True
    return False


def _check_file(
    migration: MigrationFile,
    statements: list[Statement] | list[tuple[str, dict[str, Any], int]],
    everything: FolderState,
    exposed: tuple[str, ...],
    unreadable: Unreadable | None = None,
) -> Iterator[LintFinding]:
    """The findings of one file, at every level, before ``off``, ignores and ``only``,
    against what ``everything`` holds now (the whole folder, when it was learnt first)."""
    for item, undone in _checked(migration, statements, everything, exposed, unreadable):
        if undone is None or not undone(everything):
            yield item


def _checked(
    migration: MigrationFile,
    statements: list[Statement] | list[tuple[str, dict[str, Any], int]],
    everything: FolderState,
    exposed: tuple[str, ...],
    unreadable: Unreadable | None = None,
) -> list[tuple[LintFinding, Undone | None]]:
    """Each finding of one file with what, learnt from later files, would undo it."""
    file = FileContext(migration, everything, exposed, [Statement(*s) for s in statements])
    file.unreadable = unreadable
    found: list[tuple[LintFinding, Undone | None]] = []
    for stage in ("text", "file"):
        for entry in staged(stage):
            found += _found(entry, entry.check(file) if entry.check else (), file, 1)
    for statement in file.statements:
        try:
            found += _dispatch(statement, file)
        except RecursionError:  # a tree deeper than a rule's walk: as deep as the parser's
            finding = LintFinding(
                "syntax_error",
                "error",
                migration.path,
                statement.line,
                f"column 1: {NESTING}",
                column=1,
            )
            found.append((finding, None))
    return found


def _dispatch(statement: Statement, file: FileContext) -> list[tuple[LintFinding, Undone | None]]:
    """One statement's nodes to the trackers, then the rules, of each node's kind."""
    path = file.migration.path
    found: list[tuple[LintFinding, Undone | None]] = []
    for visit in _visits(statement, file):
        for tracker in TRACKERS.get(visit.kind, ()):
            tracker(visit)
        for entry in BY_NODE.get(visit.kind, ()):
            for hit in entry.check(visit) if entry.check else ():
                line = hit.line or visit.line
                finding = LintFinding(
                    entry.name, entry.level, path, line, hit.message, hit.table, hit.column
                )
                found.append((finding, hit.undone))
    return found


def _visits(statement: Statement, file: FileContext) -> Iterator[Visit]:
    """The nodes rules ask for, in document order: the statement; the column definitions
    of a CREATE TABLE; each command of an ALTER TABLE and an ADD COLUMN's definition."""
    kind, fields, line = statement
    if kind in BY_NODE or kind in TRACKERS:
        yield Visit(kind, fields, line, file)
    if kind == "CreateStmt":
        relation = fields["relation"]
        for element in fields.get("tableElts", []):
            if element.get("ColumnDef"):
                column = element["ColumnDef"]
                yield Visit("ColumnDef", column, line, file, _qualified(relation), relation)
    elif kind == "AlterTableStmt":
        relation = fields["relation"]
        table = _qualified(relation)
        for wrapped in fields.get("cmds", []):
            cmd = wrapped.get("AlterTableCmd", {})
            yield Visit("AlterTableCmd", cmd, line, file, table, relation)
            if cmd.get("subtype") == "AT_AddColumn":
                column = cmd.get("def", {}).get("ColumnDef", {})
                yield Visit("ColumnDef", column, line, file, table, relation, adding=True)


@tracks("CreateStmt")
def _created_here(visit: Visit) -> None:
    visit.file.created_here.add(_qualified(visit.fields["relation"]))


def _found(
    entry: LintRule, hits: Iterator[Hit] | tuple[()], file: FileContext, line: int
) -> list[tuple[LintFinding, Undone | None]]:
    return [
        (
            LintFinding(
                entry.name,
                entry.level,
                file.migration.path,
                hit.line or line,
                hit.message,
                hit.table,
                hit.column,
            ),
            hit.undone,
        )
        for hit in hits
    ]


# --- the names of the one-module linter, for callers that still use them ----------------


def _statement(
    migration: MigrationFile,
    kind: str,
    fields: dict[str, Any],
    line: int,
    everything: FolderState,
    exposed: tuple[str, ...],
    created_here: set[str],
    dropped_policies: set[tuple[str, str]],
) -> Iterator[LintFinding]:
    """The node rules' findings on one statement (the file's state passed in)."""
    file = FileContext(migration, everything, exposed, [], created_here, dropped_policies)
    for finding, undone in _dispatch(Statement(kind, fields, line), file):
        if undone is None or not undone(everything):
            yield finding


def _column(
    migration: MigrationFile, line: int, table: str, column: dict[str, Any], everything: FolderState
) -> Iterator[LintFinding]:
    """The column rules' findings on one column definition of a new table."""
    file = FileContext(migration, everything, ("public",))
    for entry in BY_NODE.get("ColumnDef", ()):
        visit = Visit("ColumnDef", column, line, file, table)
        for finding, undone in _found(entry, entry.check(visit) if entry.check else (), file, line):
            if undone is None or not undone(everything):
                yield finding
