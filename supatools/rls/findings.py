"""Findings of the RLS audit, and the helpers every rule module shares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from psycopg import sql

from supatools.levels import LEVELS, Level, at_or_above, rank
from supatools.rls.catalog import Policy, Relation
from supatools.rls.model import assembled
from supatools.rls.register import Rule

if TYPE_CHECKING:
    from supatools.rls.catalog import Snapshot

__all__ = [
    "LEVELS",
    "Finding",
    "Rule",
    "at_or_above",
    "finding",
    "ident",
    "is_true",
    "made",
    "order",
    "policies_by_table",
]


@dataclass(frozen=True)
class Finding:
    """One problem the audit found."""

    rule: str
    level: Level
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


def ident(*parts: str) -> str:
    """A quoted SQL identifier for remediation text."""
    return sql.Identifier(*parts).as_string(None)


def finding(
    rule: str, level: Level, rel: Relation | Policy, detail: str, fix: str, hint: str = ""
) -> Finding:
    """A finding about a relation, or about the table a policy is on."""
    if isinstance(rel, Relation):
        return made(rule, level, rel.schema, rel.name, detail, fix, hint)
    return made(rule, level, rel.schema, rel.table, detail, fix, hint)


def made(
    rule: str,
    level: Level,
    schema: str,
    obj: str,
    detail: str,
    remediation: str,
    hint: str = "",
) -> Finding:
    """``Finding(...)``, built with :func:`~supatools.rls.model.assembled`."""
    return assembled(
        Finding,
        {
            "rule": rule,
            "level": level,
            "schema": schema,
            "object": obj,
            "detail": detail,
            "remediation": remediation,
            "hint": hint,
        },
    )


def policies_by_table(snap: Snapshot) -> dict[str, list[Policy]]:
    """Policies grouped by ``schema.table``."""
    return snap.by_table


_ALWAYS_TRUE = re.compile(r"^\(?\s*true\s*\)?$", re.IGNORECASE)


def is_true(snap: Snapshot, clause: str) -> bool:
    """``clause`` is literally true, or constant and evaluated true by the server
    (1 = 1, 'a' = 'a', coalesce(true, false), true AND true ...)."""
    return bool(_ALWAYS_TRUE.match(clause.strip())) or clause in snap.always_true


#: ``levels.rank`` of each level, looked up instead of searched (20,000 findings sorted)
RANKS = {level: rank(level) for level in LEVELS}


def order(item: Finding) -> tuple[str, str, int, str, str]:
    """The deterministic order of findings: by table, severity, rule, detail."""
    return (item.schema, item.object, RANKS[item.level], item.rule, item.detail)
