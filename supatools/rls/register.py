"""How a rule of the RLS audit is written: one function, its metadata beside it.

    @rule(
        "rls_enabled_no_policy",
        "warn",
        "RLS is on but no policy exists: every API request is denied.",
        splinter="0008_rls_enabled_no_policy",
        fix="advice",
    )
    def rls_enabled_no_policy(snap: Snapshot, exp: Expectations) -> Iterator[Finding]: ...

The decorator records the metadata and the function; :mod:`supatools.rls.registry`
imports every rule module and is the one registry the audit, SARIF and the README's
rule table read. A function whose findings carry several names (the catalog lints the
snapshot query decides) stacks one decorator per name; a finding made outside a rule
function (a behaviour test, the audit's own notes) is :func:`declare`\\ d beside the code
that makes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from supatools.levels import Level

if TYPE_CHECKING:
    from supatools.rls.catalog import Snapshot
    from supatools.rls.expectations import Expectations
    from supatools.rls.findings import Finding

#: what a finding's ``remediation`` holds: ``sql``, a statement that runs as given and
#: closes the hole; ``advice``, nothing (what to do is in the hint, in words); ``mixed``,
#: a statement when one can close that case, else advice
Fix = Literal["sql", "advice", "mixed"]

Rule = Callable[["Snapshot", "Expectations"], Iterator["Finding"]]


@dataclass(frozen=True)
class RuleInfo:
    """One rule: its name, the levels it reports at (the first is the default), what it
    finds, what its remediation holds, and the splinter lint it follows (if any)."""

    name: str
    levels: tuple[Level, ...]
    summary: str
    splinter: str = ""  # e.g. "0013_rls_disabled_in_public"
    fix: Fix = "sql"

    @property
    def level(self) -> Level:
        """The default level."""
        return self.levels[0]


#: every rule's metadata by name, in registration order
INFOS: dict[str, RuleInfo] = {}
#: every rule function, each once, in registration order
FUNCTIONS: list[Rule] = []


def declare(
    name: str,
    levels: Level | tuple[Level, ...],
    summary: str,
    *,
    splinter: str = "",
    fix: Fix = "sql",
) -> RuleInfo:
    """Register a rule's metadata (no function: its findings are made elsewhere)."""
    if name in INFOS:
        raise AssertionError(f"rule {name!r} is registered twice")
    info = RuleInfo(
        name, levels if isinstance(levels, tuple) else (levels,), summary, splinter, fix
    )
    INFOS[name] = info
    return info


def rule(
    name: str,
    levels: Level | tuple[Level, ...],
    summary: str,
    *,
    splinter: str = "",
    fix: Fix = "sql",
) -> Callable[[Rule], Rule]:
    """Register the decorated function as the rule ``name``, with its metadata."""

    def register(function: Rule) -> Rule:
        declare(name, levels, summary, splinter=splinter, fix=fix)
        if function not in FUNCTIONS:
            FUNCTIONS.append(function)
        return function

    return register
