"""What the linter's parts share: a rule's metadata, a finding, and what a rule is shown.

A rule sees a :class:`Visit` (one parse-tree node of one statement, with the file it is in)
or a :class:`FileContext` (the file as a whole) and yields :class:`Hit` s; the engine turns
each hit into a finding with the rule's name, its level and the file's path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from supatools.levels import Level
from supatools.locks import qualified as _qualified
from supatools.migrations.files import MigrationFile

#: when a rule runs: ``text`` reads the file's text (it runs even when the file cannot be
#: parsed), ``file`` reads all the file's statements at once, ``node`` is given each
#: parse-tree node of the kinds it names, statement by statement
Stage = Literal["text", "file", "node"]


#: what, in the whole folder once read, undoes a finding (a later file enables RLS, drops
#: the table, grants, comments): lint reads each file once and lets its trees go, so a
#: rule that needs later files says so with this condition, decided at the end
Undone = Callable[["FolderState"], bool]


class Hit(NamedTuple):
    """One thing a rule found: the message, the existing table it is about (for the
    large-table rules), the line (0: the line of the statement visited), the column
    (0: none, the finding is about the statement or the line) and what would undo it."""

    message: str
    table: str = ""
    line: int = 0
    column: int = 0
    undone: Undone | None = None


@dataclass(frozen=True)
class LintRule:
    """A rule and its metadata, beside the function that checks it."""

    name: str
    level: Level
    why: str
    fix: str
    #: the squawk rule(s) and the splinter lint it corresponds to, where one exists
    squawk: str = ""
    splinter: str = ""
    #: the pglast node classes (by name) a ``node`` rule is given
    nodes: tuple[str, ...] = ()
    stage: Stage = "node"
    #: raised to error on a large existing table (``lint --db-url``)
    large_table: bool = False
    #: always at its level: no ``[tool.supatools.lint]`` level, no ignore comment
    always: bool = False
    check: Callable[[Any], Iterator[Hit]] | None = field(default=None, compare=False, repr=False)


class Statement(NamedTuple):
    """One parsed statement: its node kind, its fields (libpg_query's JSON) and its line."""

    kind: str
    fields: dict[str, Any]
    line: int


class Unreadable(NamedTuple):
    """Where and why the parser could not read a file: 1-based line and column."""

    line: int
    column: int
    message: str


@dataclass
class FolderState:
    """What the files read so far created, for rules that look across files.

    ``rls``, ``creators``, ``grants``, ``commented`` and the events are learnt from each
    file before its rules run; what only later files can tell is read by a hit's
    :data:`Undone` condition once every file is read. The not-null constraints are
    tracked as the rules go, file after file."""

    rls: set[str] = field(default_factory=set)
    #: table -> the migration (version) that creates it
    creators: dict[str, str] = field(default_factory=dict)
    #: (table or "schema.*", role) pairs granted anywhere in the folder
    grants: set[tuple[str, str]] = field(default_factory=set)
    #: CHECK (col IS NOT NULL) constraints so far: (table, name) -> column
    not_null_checks: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (table, column) with a validated CHECK (col IS NOT NULL) so far: SET NOT NULL then
    #: needs no scan (PostgreSQL 12+)
    validated_not_null: set[tuple[str, str]] = field(default_factory=set)
    commented: set[str] = field(default_factory=set)  # schema.table.column
    #: a created table's bare name -> the first migration (version) creating one so named
    created_names: dict[str, str] = field(default_factory=dict)
    #: where the learners are: (version, line) of the statement being learnt
    at: tuple[str, int] = ("", 0)
    #: table -> its CREATE (True) and DROP (False) statements, by (version, line)
    table_events: dict[str, list[tuple[tuple[str, int], bool]]] = field(default_factory=dict)
    #: table -> its ENABLE (True) and DISABLE (False) ROW LEVEL SECURITY, by (version, line)
    rls_events: dict[str, list[tuple[tuple[str, int], bool]]] = field(default_factory=dict)


@dataclass
class FileContext:
    """One migration file while its rules run."""

    migration: MigrationFile
    folder: FolderState
    exposed: tuple[str, ...]
    statements: list[Statement] = field(default_factory=list)
    created_here: set[str] = field(default_factory=set)
    #: (table, policy) dropped with IF EXISTS so far in this file
    dropped_policies: set[tuple[str, str]] = field(default_factory=set)
    #: where the parser gave up on the file (None: it parsed)
    unreadable: Unreadable | None = None

    def existing(self, relation: dict[str, Any]) -> bool:
        """A table this file did not create (it may hold rows and traffic)."""
        return _qualified(relation) not in self.created_here


@dataclass
class Visit:
    """One parse-tree node given to the rules that asked for its kind: a statement, an
    ``AlterTableCmd`` of an ALTER TABLE, or a ``ColumnDef`` of a CREATE TABLE or an
    ADD COLUMN (then ``table``/``relation`` name the table, ``adding`` says ADD COLUMN)."""

    kind: str
    fields: dict[str, Any]
    line: int
    file: FileContext
    table: str = ""
    relation: dict[str, Any] = field(default_factory=dict)
    adding: bool = False

    @property
    def folder(self) -> FolderState:
        return self.file.folder

    def existing(self) -> bool:
        """The visited ALTER TABLE's table (or CREATE INDEX's) is not created in this file."""
        return self.file.existing(self.relation or self.fields.get("relation", {}))
