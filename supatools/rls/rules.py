"""The audit's rules, evaluated in Python over one catalog snapshot.

Every rule is registered in :mod:`supatools.rls.registry`; this module runs them all and
sets aside the findings the team ignores in ``policies/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from supatools.levels import LEVELS, at_or_above
from supatools.rls.findings import Finding, order
from supatools.rls.registry import RULES, check

if TYPE_CHECKING:
    from supatools.rls.catalog import Snapshot
    from supatools.rls.expectations import Expectations

__all__ = ["LEVELS", "RULES", "Finding", "at_or_above", "evaluate", "order"]


def evaluate(
    snap: Snapshot, exp: Expectations, extra: Iterable[Finding] = ()
) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """Every rule's findings plus ``extra`` ones, split into (findings, ignored findings with
    the team's reason), both sorted deterministically."""
    findings: list[Finding] = []
    ignored: list[tuple[Finding, str]] = []
    produced = [item for rule in RULES for item in rule(snap, exp)]
    checked: set[tuple[str, str]] = set()
    for item in [*produced, *extra]:
        if (item.rule, item.level) not in checked:
            check(item.rule, item.level)
            checked.add((item.rule, item.level))
        skip = exp.ignored(item.rule, item.qualified)
        if skip:
            ignored.append((item, skip.reason))
        else:
            findings.append(item)
    findings.sort(key=order)
    ignored.sort(key=lambda pair: order(pair[0]))
    return findings, ignored
