"""The checks and authoring: verify-rls (and where its findings are in the files),
preflight, lint and new."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from supatools.commands.base import Outcome, connection, gate, target
from supatools.errors import UsageError

if TYPE_CHECKING:
    from supatools.lint import LintFinding
    from supatools.migrations.new import Created
    from supatools.preflight import PreflightReport
    from supatools.rls.audit import AuditResult
    from supatools.settings import Settings


def verify_rls(settings: Settings, fail_on: str) -> Outcome[AuditResult]:
    """The RLS audit of the live catalog; fails at or above ``fail_on``."""
    from supatools.rls.audit import audit

    where = target(settings)
    with connection(where, "verify-rls", settings.connect_timeout) as conn:
        result = audit(conn, settings, fail_on)
    ok, message = gate(result)
    return Outcome(result, ok, message)


def audit_locations(settings: Settings) -> dict[str, tuple[Path, int]]:
    """Where the migrations create each object, for SARIF's locations."""
    from supatools.rls.locate import creations

    return creations(settings.migrations_dir)


def preflight(settings: Settings) -> Outcome[PreflightReport]:
    """The database URL's and the service-role key's checks."""
    from supatools.preflight import preflight as run_preflight

    url = target(settings).url if (settings.local or settings.db_url) else None
    report = run_preflight(settings, url)
    failed = [c.id for c in report.checks if c.status == "fail"]
    return Outcome(
        report,
        report.ok,
        f"preflight: {len(failed)} check(s) failed ({', '.join(failed)}); fix them as their "
        "hints say, then run again",
    )


def new(settings: Settings, name: str, down: bool) -> Outcome[Created]:
    """A new migration (and its down file) from the team's template."""
    from supatools.migrations.new import create

    return Outcome(create(settings.migrations_dir, name, down=down))


def lint(settings: Settings, paths: list[Path] | None, fail_on: str) -> Outcome[list[LintFinding]]:
    """The lint findings of ``paths`` (all files when None), with live table sizes when a
    database is named (``--db-url`` / ``--local``): lint itself needs none."""
    from supatools import lint as linting
    from supatools.levels import at_or_above
    from supatools.migrations.files import discover

    migrations = discover(settings.migrations_dir)
    only = None
    if paths:
        only = {p.resolve() for p in paths}
        strangers = sorted(str(p) for p in only - {m.path.resolve() for m in migrations})
        if strangers:
            raise UsageError(
                f"{strangers[0]} is not a migration of {settings.migrations_dir}; lint reads "
                "files in their folder, in version order"
            )
    exposed = tuple(settings.schemas or settings.api_schemas or ("public",))
    if settings.local or settings.db_url_source == "flag":
        # a database named: its grants to the API roles count, and large tables raise
        from supatools.lint.live import api_grants
        from supatools.migrations.apply import table_sizes

        with connection(target(settings), "lint") as conn:
            granted = api_grants(conn)
            findings = linting.lint(migrations, only, exposed, settings.lint_levels, granted)
            sizes = table_sizes(conn, sorted({f.table for f in findings if f.table}))
        findings = linting.with_sizes(findings, sizes, *settings.lint_large_table)
    else:
        findings = linting.lint(migrations, only, exposed, settings.lint_levels)
    failing = sum(1 for f in findings if at_or_above(f.level, fail_on))
    return Outcome(
        findings,
        failing == 0,
        f"lint found {failing} finding(s) at or above {fail_on}; fix them, or silence one "
        "with '-- supatools:ignore RULE reason'",
    )
