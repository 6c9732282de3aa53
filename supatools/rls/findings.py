"""Findings of the RLS audit, and the helpers every rule module shares."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from psycopg import sql

from supatools.rls.catalog import Policy, Relation, Snapshot
from supatools.rls.expectations import Expectations

LEVELS = ("error", "warn", "info")


@dataclass(frozen=True)
class Finding:
    """One problem the audit found."""

    rule: str
    level: str  # error | warn | info
    schema: str
    object: str
    detail: str
    #: SQL that runs as given and closes the hole ("" when no statement can)
    remediation: str
    #: advice in words: what else to do, or why the remediation is what it is
    hint: str = ""

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.object}"


def at_or_above(level: str, threshold: str) -> bool:
    """True when ``level`` is as severe as ``threshold`` or more."""
    return LEVELS.index(level) <= LEVELS.index(threshold)


def ident(*parts: str) -> str:
    """A quoted SQL identifier for remediation text."""
    return sql.Identifier(*parts).as_string(None)


def finding(
    rule: str, level: str, rel: Relation | Policy, detail: str, fix: str, hint: str = ""
) -> Finding:
    """A finding about a relation, or about the table a policy is on."""
    if isinstance(rel, Relation):
        return Finding(rule, level, rel.schema, rel.name, detail, fix, hint)
    return Finding(rule, level, rel.schema, rel.table, detail, fix, hint)


Rule = Callable[[Snapshot, Expectations], Iterator[Finding]]


def policies_by_table(snap: Snapshot) -> dict[str, list[Policy]]:
    """Policies grouped by ``schema.table``."""
    return snap.by_table


def order(item: Finding) -> tuple[str, str, int, str, str]:
    """The deterministic order of findings: by table, severity, rule, detail."""
    return (item.schema, item.object, LEVELS.index(item.level), item.rule, item.detail)
