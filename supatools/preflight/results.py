"""Preflight results: each check is pass / warn / fail / skip with a detail and a hint."""

from __future__ import annotations

from dataclasses import dataclass

from supatools.privileges import TABLE_PRIVILEGES

PASS, WARN, FAIL, SKIP = "pass", "warn", "fail", "skip"
#: checks whose failure stops ``migrate`` before it takes its lock
BLOCKS_MIGRATE = frozenset({"db_url", "pooler", "db_connect", "schema_create", "history"})
LIST_AT_MOST = 8
ALL_TABLE_PRIVILEGES = TABLE_PRIVILEGES  # one list, supatools.privileges


@dataclass(frozen=True)
class CheckResult:
    """One preflight check."""

    id: str
    status: str  # pass | warn | fail | skip
    detail: str
    hint: str = ""


@dataclass(frozen=True)
class PreflightReport:
    """Every check, in the order they ran."""

    checks: tuple[CheckResult, ...]

    @property
    def ok(self) -> bool:
        return all(c.status != FAIL for c in self.checks)


def names(items: list[str]) -> str:
    shown = ", ".join(items[:LIST_AT_MOST])
    more = len(items) - LIST_AT_MOST
    return shown + (f" and {more} more" if more > 0 else "")
