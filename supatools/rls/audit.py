"""Run the RLS audit: exposed schemas, one snapshot, the rules, the expectations."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from supatools.errors import EnvironmentFailure
from supatools.levels import at_or_above
from supatools.rls import catalog, expectations, rules
from supatools.rls.findings import Finding
from supatools.rls.rules_expectations import no_tables_checked, schema_not_audited
from supatools.settings import Settings

if TYPE_CHECKING:
    from supatools.db import Conn


@dataclass(frozen=True)
class AuditResult:
    """What ``verify-rls`` found."""

    schemas: tuple[str, ...]
    schemas_source: str
    tables_checked: int
    findings: tuple[Finding, ...]
    ignored: tuple[tuple[Finding, str], ...]  # finding, the team's reason
    fail_on: str

    @functools.cached_property
    def failing(self) -> tuple[Finding, ...]:
        """The findings at or above ``fail_on``, found once (``ok`` and the output ask)."""
        return tuple(f for f in self.findings if at_or_above(f.level, self.fail_on))

    @property
    def ok(self) -> bool:
        return not self.failing


def audit(
    conn: Conn,
    settings: Settings,
    fail_on: str = "error",
    known: tuple[tuple[str, ...], str] | None = None,
) -> AuditResult:
    """Audit the live catalog of ``conn`` (inside or outside a transaction).

    ``known``: the exposed schemas and their source when the caller already read them.
    """
    from supatools.schemas import exposed_schemas

    expected = expectations.load(settings.policies_dir)
    import psycopg

    schemas, source = known if known is not None else exposed_schemas(conn, settings)
    try:
        snap = catalog.with_constants(conn, catalog.snapshot(conn, schemas))
    except psycopg.errors.UndefinedObject as exc:
        raise EnvironmentFailure(
            f"this database lacks Supabase's API roles ({exc.diag.message_primary}); audit a "
            "Supabase project, or use --local for one prepared like it"
        ) from None
    from supatools.rls.behaviour import run_tests

    findings, ignored = rules.evaluate(snap, expected, extra=list(run_tests(conn, expected)))
    from supatools.schemas import INTERNAL_SCHEMAS

    unaudited = [s for s in settings.api_schemas if s not in schemas and s not in INTERNAL_SCHEMAS]
    if unaudited:
        # the API serves them: a pass that left them out would prove nothing about them
        findings.append(schema_not_audited(unaudited, schemas, source))
    tables = sum(1 for r in snap.relations if r.is_table)
    if tables == 0:
        findings.append(no_tables_checked(schemas, source))
    return AuditResult(schemas, source, tables, tuple(findings), tuple(ignored), fail_on)


def gate_message(result: AuditResult) -> str:
    """The one line ``migrate`` fails with: which tables to fix."""
    tables = sorted({f.qualified for f in result.failing})
    shown = ", ".join(tables[:8]) + (f" and {len(tables) - 8} more" if len(tables) > 8 else "")
    return (
        f"RLS audit found {len(result.failing)} finding(s) at or above {result.fail_on} on "
        f"{shown}; fix them (see the findings above, or run supatools verify-rls)"
    )
