"""Turn results into Rich tables for people and JSON for machines.

Results go to stdout, diagnostics and progress to stderr. Both streams pass
through a scrubber that replaces every known secret with ``***``: a second
line of defence behind redaction at the source.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from supatools.settings import scrub, url_secrets

if TYPE_CHECKING:
    from rich.console import Console

    from supatools.local import LocalStatus
    from supatools.migrations.apply import MigrateResult, Progress
    from supatools.migrations.files import MigrationFile
    from supatools.migrations.plan import StatusEntry
    from supatools.preflight import PreflightReport
    from supatools.rls.audit import AuditResult
    from supatools.rls.rules import Finding


class ScrubbingStream:
    """A text stream that replaces secrets before writing to the real one."""

    def __init__(self, target: IO[str], secrets: list[str]) -> None:
        self._target = target
        self._secrets = secrets

    def write(self, text: str) -> int:
        self._target.write(scrub(text, tuple(self._secrets)))
        return len(text)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return self._target.isatty()

    def fileno(self) -> int:
        return self._target.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._target, "encoding", "utf-8") or "utf-8"


def secrets_from_environment() -> list[str]:
    """Secrets visible before settings are resolved (so even config errors are scrubbed)."""
    found: list[str] = []
    for name in ("SUPABASE_DB_URL", "DATABASE_URL"):
        value = os.environ.get(name)
        if value:
            found.extend(url_secrets(value))
    for name in ("SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_SECRET_KEY"):
        value = os.environ.get(name)
        if value:
            found.append(value)
    return found


@dataclass
class Output:
    """Where a command writes: stdout for results, stderr for everything else."""

    json_mode: bool = False
    secrets: list[str] = field(default_factory=secrets_from_environment)

    def __post_init__(self) -> None:
        self.stdout = ScrubbingStream(sys.stdout, self.secrets)
        self.stderr = ScrubbingStream(sys.stderr, self.secrets)
        self._out: Console | None = None
        self._err: Console | None = None
        self.json_printed = False  # --json prints exactly one document

    def add_secrets(self, values: tuple[str, ...]) -> None:
        self.secrets.extend(v for v in values if v not in self.secrets)

    @property
    def out(self) -> Console:
        from rich.console import Console

        if self._out is None:
            self._out = Console(file=self.stdout, highlight=False, soft_wrap=False)  # type: ignore[arg-type]
        return self._out

    @property
    def err(self) -> Console:
        from rich.console import Console

        if self._err is None:
            self._err = Console(file=self.stderr, highlight=False, stderr=True)  # type: ignore[arg-type]
        return self._err

    def json(self, document: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(document, indent=2, default=_json_default) + "\n")
        self.stdout.flush()
        self.json_printed = True

    def note(self, message: str) -> None:
        """A diagnostic line on stderr (never stdout, so --json stays parseable)."""
        self.stderr.write(message + "\n")
        self.stderr.flush()

    def error(self, message: str, exit_code: int) -> None:
        """The one place an expected failure is shown."""
        self.note(f"error: {message}")
        if self.json_mode and not self.json_printed:
            self.json({"ok": False, "error": {"message": message, "exit_code": exit_code}})


def _json_default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def plain_table(headers: list[str], rows: list[list[str]]) -> str:
    """Aligned columns, as psql prints them: fast for thousands of rows, never truncated,
    easy to grep. Rich tables are kept for short summaries."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    last = len(headers) - 1

    def line(cells: list[str]) -> str:
        return " | ".join(
            cell if i == last else cell.ljust(widths[i]) for i, cell in enumerate(cells)
        ).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)]) + "\n"


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S") if value else ""


# --- migrate --list -------------------------------------------------------------------


def migration_list(out: Output, migrations: list[MigrationFile]) -> None:
    if out.json_mode:
        out.json(
            {
                "ok": True,
                "migrations": [
                    {
                        "version": m.version,
                        "name": m.name,
                        "file": m.filename,
                        "description": m.description,
                        "no_transaction": m.no_transaction,
                        "requires": [str(r) for r in m.requires],
                        "down": m.down_path.name if m.down_path else None,
                    }
                    for m in migrations
                ],
            }
        )
        return
    rows = []
    for m in migrations:
        directives = []
        if m.no_transaction:
            directives.append("no-transaction")
        if m.requires:
            directives.append("requires " + ", ".join(str(r) for r in m.requires))
        if m.down_path:
            directives.append("has .down.sql")
        rows.append([m.version, m.name, "; ".join(directives), m.description])
    out.stdout.write(f"{len(migrations)} migration(s)\n")
    out.stdout.write(plain_table(["version", "name", "directives", "description"], rows))


# --- migrate --status -----------------------------------------------------------------


def migration_status(
    out: Output, database: str, entries: tuple[StatusEntry, ...], ok: bool
) -> None:
    if out.json_mode:
        out.json(
            {
                "ok": ok,
                "database": database,
                "migrations": [
                    {
                        "version": e.version,
                        "name": e.name,
                        "state": e.state.value,
                        "applied_at": e.applied_at,
                        "applied_by": e.applied_by,
                        "description": e.description,
                    }
                    for e in entries
                ],
            }
        )
        return
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.state.value] = counts.get(e.state.value, 0) + 1
    summary = ", ".join(f"{n} {state}" for state, n in counts.items()) or "no migrations"
    rows = [[e.version, e.name, e.state.value, _when(e.applied_at), e.description] for e in entries]
    out.stdout.write(f"{database}: {summary}\n")
    out.stdout.write(plain_table(["version", "name", "state", "applied at", "description"], rows))


# --- migrate (apply, dry run) ---------------------------------------------------------


def migrate_result(out: Output, result: MigrateResult) -> None:
    if result.mode == "dry-run":
        _dry_run(out, result)
        return
    if out.json_mode:
        out.json(
            {
                "ok": result.audit is None or result.audit.ok,
                "mode": "apply",
                "database": result.database,
                "rolled_back": result.rolled_back,
                "verify": audit_document(result.audit) if result.audit else None,
                "applied": [
                    {
                        "version": a.version,
                        "name": a.name,
                        "file": a.filename,
                        "statements": a.statements,
                        "duration_ms": a.duration_ms,
                        "no_transaction": a.no_transaction,
                    }
                    for a in result.applied
                ],
            }
        )
        return
    if result.audit is not None:
        write_audit(out, result.audit)
    if result.rolled_back:
        out.out.print(
            f"{result.database}: --atomic run rolled back because the RLS audit failed; "
            "nothing was applied",
            soft_wrap=True,
            markup=False,
        )
        return
    if not result.applied:
        out.out.print(f"{result.database}: up to date, nothing to apply", soft_wrap=True)
        return
    from rich.table import Table

    total_ms = sum(a.duration_ms for a in result.applied)
    out.out.print(
        f"{result.database}: applied {len(result.applied)} migration(s) in {total_ms} ms",
        soft_wrap=True,
        markup=False,
    )
    table = Table()
    for column in ("version", "name", "statements", "ms", "mode"):
        table.add_column(
            column, justify="right" if column in ("statements", "ms") else "left", no_wrap=True
        )
    for a in result.applied:
        mode = "no-transaction" if a.no_transaction else "transaction"
        table.add_row(a.version, a.name, str(a.statements), str(a.duration_ms), mode)
    out.out.print(table)


def _dry_run(out: Output, result: MigrateResult) -> None:
    if out.json_mode:
        out.json(
            {
                "ok": True,
                "mode": "dry-run",
                "database": result.database,
                "pending": [
                    {
                        "version": p.migration.version,
                        "name": p.migration.name,
                        "file": p.migration.filename,
                        "no_transaction": p.migration.no_transaction,
                        "statements": len(p.statements),
                        "sql": p.migration.text,
                    }
                    for p in result.to_apply
                ],
            }
        )
        return
    if not result.to_apply:
        out.out.print(f"{result.database}: up to date, nothing would be applied", soft_wrap=True)
        return
    out.out.print(
        f"-- dry run against {result.database}: {len(result.to_apply)} migration(s) would be "
        "applied; nothing was written",
        markup=False,
        soft_wrap=True,
    )
    for p in result.to_apply:
        mode = "outside a transaction" if p.migration.no_transaction else "in one transaction"
        out.out.print(
            f"\n-- {p.migration.filename} ({len(p.statements)} statement(s), {mode})",
            markup=False,
            soft_wrap=True,
        )
        # the SQL verbatim: no wrapping, no markup, so it can be piped to psql
        out.stdout.write(p.migration.text.rstrip("\n") + "\n")


class ProgressReporter:
    """Progress on stderr: a Rich bar on a terminal, plain lines otherwise."""

    def __init__(self, out: Output) -> None:
        self.out = out
        self.interactive = out.stderr.isatty() and not out.json_mode
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, event: Progress) -> None:
        name = event.migration.filename
        if self.interactive:
            self._rich(event, name)
            return
        if event.duration_ms is None:
            self.out.note(f"[{event.index}/{event.total}] applying {name}")
        else:
            self.out.note(f"[{event.index}/{event.total}] applied {name} ({event.duration_ms} ms)")

    def _rich(self, event: Progress, name: str) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        if self._progress is None:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=self.out.err,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("migrating", total=event.total)
        if event.duration_ms is None:
            self._progress.update(self._task, description=f"applying {name}")
        else:
            self._progress.advance(self._task)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


# --- supatools verify-rls ------------------------------------------------------------


def audit_document(result: AuditResult) -> dict[str, Any]:
    """The contract's verify-rls JSON, plus the findings a team chose to ignore."""

    def finding(f: Finding) -> dict[str, str]:
        return {
            "rule": f.rule,
            "level": f.level,
            "schema": f.schema,
            "object": f.object,
            "detail": f.detail,
            "remediation": f.remediation,
        }

    return {
        "ok": result.ok,
        "schemas": list(result.schemas),
        "schemas_source": result.schemas_source,
        "tables_checked": result.tables_checked,
        "fail_on": result.fail_on,
        "findings": [finding(f) for f in result.findings],
        "ignored": [{**finding(f), "reason": reason} for f, reason in result.ignored],
    }


def audit_result(out: Output, result: AuditResult) -> None:
    if out.json_mode:
        out.json(audit_document(result))
        return
    write_audit(out, result)


_LEVEL_STYLE = {"error": "bold red", "warn": "yellow", "info": "dim"}


def _audit_summary(result: AuditResult) -> str:
    counts = {
        level: sum(1 for f in result.findings if f.level == level)
        for level in ("error", "warn", "info")
    }
    summary = ", ".join(f"{n} {level}" for level, n in counts.items() if n) or "no findings"
    verdict = "passed" if result.ok else f"FAILED (--fail-on {result.fail_on})"
    return (
        f"RLS audit {verdict}: {summary}; {result.tables_checked} table(s) in "
        f"{', '.join(result.schemas) or '(no schema)'} (schemas from {result.schemas_source})"
    )


def write_audit(out: Output, result: AuditResult) -> None:
    """Findings grouped by table: a Rich table on a terminal; plain lines in logs and pipes
    (fast for thousands of findings, and never truncated)."""
    if out.stdout.isatty() and result.findings:
        from rich.table import Table
        from rich.text import Text

        table = Table()
        for column in ("table", "level", "rule", "detail", "fix"):
            table.add_column(column, overflow="fold")
        current = None
        for f in result.findings:
            if current is not None and f.qualified != current:
                table.add_section()
            shown = f.qualified if f.qualified != current else ""
            current = f.qualified
            table.add_row(
                shown,
                Text(f.level, style=_LEVEL_STYLE[f.level]),
                f.rule,
                Text(f.detail),
                Text(f.remediation),
            )
        out.out.print(table)
        for f, reason in result.ignored:
            out.out.print(f"(ignored) {f.qualified} {f.rule}: {reason}", markup=False)
        out.out.print(_audit_summary(result), markup=False)
        return
    lines: list[str] = []
    current = None
    for f in result.findings:
        if f.qualified != current:
            current = f.qualified
            lines.append(f"\n{current}")
        lines.append(f"  {f.level.upper():<5}  {f.rule}: {f.detail}")
        if f.remediation:
            lines.append(f"         fix: {f.remediation}")
    for f, reason in result.ignored:
        lines.append(f"  (ignored) {f.qualified} {f.rule}: {reason}")
    lines.append("\n" + _audit_summary(result))
    out.stdout.write("\n".join(lines).lstrip("\n") + "\n")
    out.stdout.flush()


# --- supatools preflight -------------------------------------------------------------

_CHECK_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "skip": "dim"}


def preflight_report(out: Output, report: PreflightReport) -> None:
    if out.json_mode:
        out.json(
            {
                "ok": report.ok,
                "checks": [
                    {"id": c.id, "status": c.status, "detail": c.detail, "hint": c.hint}
                    for c in report.checks
                ],
            }
        )
        return
    from rich.markup import escape

    width = max(len(c.id) for c in report.checks)
    for c in report.checks:
        style = _CHECK_STYLE.get(c.status, "")
        out.out.print(
            f"[{style}]{c.status.upper():<4}[/]  {c.id:<{width}}  {escape(c.detail)}",
            soft_wrap=True,
            highlight=False,
        )
        if c.hint and c.status in ("fail", "warn", "skip"):
            out.out.print(f"{'':<4}  {'':<{width}}  → {escape(c.hint)}", soft_wrap=True)
    failed = sum(1 for c in report.checks if c.status == "fail")
    verdict = "all checks passed" if report.ok else f"{failed} check(s) failed"
    out.out.print(verdict, soft_wrap=True, markup=False)


# --- supatools local ------------------------------------------------------------------


def local_status(out: Output, status: LocalStatus) -> None:
    url = status.url() if status.running else None
    if out.json_mode:
        out.json(
            {
                "ok": True,
                "running": status.running,
                "url": url,
                "port": status.port,
                "pid": status.pid,
                "data_dir": str(status.data_dir),
                "bindir": str(status.bindir) if status.bindir else None,
            }
        )
        return
    if status.running:
        out.out.print(f"running: {url} (pid {status.pid}, data in {status.data_dir})")
    else:
        out.out.print(f"stopped (data in {status.data_dir})")
