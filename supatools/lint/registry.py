"""The one registry of lint rules: a rule is a function, registered with its metadata by
the :func:`rule` decorator (as squawk's rules and sqlfluff's rule classes carry theirs).

A ``node`` rule names the pglast node classes it wants; the engine gives it every node of
those kinds (see :mod:`supatools.lint.engine`). Within one node, rules run in the order
they were registered: the order the rule modules are imported in
(:mod:`supatools.lint.rules`), then the order of definition in each module. Trackers
(:func:`tracks`) keep what a file did so far and run before the rules of a node; learners
(:func:`learns`) read every statement of a file before its rules run (what the files so
far created, enabled, granted); what only later files can tell, a rule leaves to its
hit's ``undone`` condition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from supatools.levels import Level
from supatools.lint.model import FolderState, Hit, LintRule, Stage, Visit
from supatools.migrations.files import MigrationFile

#: every rule by name, in registration order
RULES: dict[str, LintRule] = {}
#: node kind (pglast class name) -> the rules given such nodes, in registration order
BY_NODE: dict[str, list[LintRule]] = {}
#: node kind -> what keeps the file's (and folder's) state as the rules go
TRACKERS: dict[str, list[Callable[[Visit], None]]] = {}
#: node kind -> what the learners take from a statement (state, fields, version)
LEARNERS: dict[str, list[Callable[[FolderState, dict[str, Any], str], None]]] = {}

Check = TypeVar("Check", bound=Callable[..., Iterator[Hit]])
Fn = TypeVar("Fn", bound=Callable[..., None])


def rule(
    name: str,
    level: Level,
    why: str,
    fix: str,
    *,
    nodes: tuple[str, ...] = (),
    stage: Stage = "node",
    squawk: str = "",
    splinter: str = "",
    large_table: bool = False,
    always: bool = False,
) -> Callable[[Check], Check]:
    """Register the decorated function as rule ``name``: given a :class:`Visit` (``node``
    rules, for the ``nodes`` kinds) or a :class:`FileContext` (``text`` and ``file``
    rules), it yields a :class:`Hit` per finding."""
    if name in RULES:
        raise ValueError(f"lint rule {name} registered twice")
    if (stage == "node") != bool(nodes):
        raise ValueError(f"lint rule {name}: node rules, and only they, name node kinds")

    def register(check: Check) -> Check:
        entry = LintRule(
            name, level, why, fix, squawk, splinter, nodes, stage, large_table, always, check
        )
        RULES[name] = entry
        for kind in nodes:
            BY_NODE.setdefault(kind, []).append(entry)
        return check

    return register


def tracks(*nodes: str) -> Callable[[Fn], Fn]:
    """Register a function that updates the state as each node of ``nodes`` is visited,
    before the rules of that node run."""

    def register(fn: Fn) -> Fn:
        for kind in nodes:
            TRACKERS.setdefault(kind, []).append(fn)
        return fn

    return register


def learns(*nodes: str) -> Callable[[Fn], Fn]:
    """Register a learner: it reads each statement of ``nodes`` kinds of a file before the
    file's rules run (what the folder creates, drops, enables and grants)."""

    def register(fn: Fn) -> Fn:
        for kind in nodes:
            LEARNERS.setdefault(kind, []).append(fn)
        return fn

    return register


def staged(stage: Stage) -> list[LintRule]:
    """The ``text`` or ``file`` rules, in registration order."""
    return [r for r in RULES.values() if r.stage == stage]


@dataclass(frozen=True)
class LintFinding:
    rule: str
    level: str
    path: Path
    line: int
    message: str
    #: the existing table a large-table rule is about ("" for other rules)
    table: str = ""
    #: 1-based column where the finding is (0: none, it is about the line's statement)
    column: int = 0

    @property
    def fix(self) -> str:
        return RULES[self.rule].fix


def _finding(
    rule: str, migration: MigrationFile, line: int, message: str, table: str = ""
) -> LintFinding:
    return LintFinding(rule, RULES[rule].level, migration.path, line, message, table)
